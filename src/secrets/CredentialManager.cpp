#include "CredentialManager.h"

#include "EnvSecretStore.h"
#include "KeychainSecretStore.h"
#include "MemorySecretStore.h"
#include "SecretReference.h"
#include "SecretsLogging.h"

#include <QEventLoop>
#include <QMutexLocker>
#include <QTimer>

namespace gatehouse {

namespace {

// The keychain cannot take a key right now, but may later: worth a retry and a memory fallback.
bool isUnavailable(SecretStatus status)
{
    return status == SecretStatus::NoBackend || status == SecretStatus::Locked ||
           status == SecretStatus::AccessDenied;
}

SecretResult withoutValue(SecretResult result)
{
    result.value.clear();
    return result;
}

} // namespace

CredentialManager::CredentialManager(SecretStore *keychain, QObject *parent)
    : QObject(parent), m_keychain(keychain ? keychain : new KeychainSecretStore()),
      m_memory(new MemorySecretStore(this)), m_env(new EnvSecretStore(this))
{
    m_keychain->setParent(this);
}

CredentialManager::~CredentialManager() = default;

// --- The index ---

void CredentialManager::setIndex(const QList<CredentialInfo> &index)
{
    QStringList unread;
    {
        QMutexLocker lock(&m_mutex);
        m_index = index;
        QHash<QString, Entry> kept;
        for (const CredentialInfo &info : index) {
            const auto it = m_cache.constFind(info.name);
            if (it != m_cache.cend())
                kept.insert(info.name, *it);
            else
                unread << info.name;
        }
        m_cache = kept;
    }
    if (m_loadState != LoadState::NotStarted)
        readPass(unread);
    emit secretsChanged();
}

QList<CredentialInfo> CredentialManager::credentials() const
{
    QMutexLocker lock(&m_mutex);
    return m_index;
}

std::optional<CredentialInfo> CredentialManager::credential(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    const qsizetype i = indexOf(name);
    return i < 0 ? std::nullopt : std::optional<CredentialInfo>(m_index[i]);
}

bool CredentialManager::contains(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    return indexOf(name) >= 0;
}

QString CredentialManager::uniqueName(const QString &suggested) const
{
    const QString base = SecretReference::isValidCredentialName(suggested)
                             ? suggested
                             : SecretReference::suggestCredentialName(suggested);
    QMutexLocker lock(&m_mutex);
    if (indexOf(base) < 0)
        return base;
    for (int n = 2;; ++n) {
        const QString suffix = QStringLiteral("-%1").arg(n);
        const QString candidate =
            base.left(SecretReference::MaxNameLength - suffix.size()) + suffix;
        if (indexOf(candidate) < 0)
            return candidate;
    }
}

qsizetype CredentialManager::indexOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_index.size(); ++i) {
        if (m_index[i].name == name)
            return i;
    }
    return -1;
}

// --- Start-up ---

void CredentialManager::load()
{
    if (m_loadState != LoadState::NotStarted)
        return;
    QStringList names;
    {
        QMutexLocker lock(&m_mutex);
        m_loadState = LoadState::Loading;
        for (const CredentialInfo &info : std::as_const(m_index))
            names << info.name;
    }
    m_pass = 1;
    qCInfo(lcSecrets).noquote() << "reading" << names.size() << "credential(s) from the"
                                << m_keychain->backendName();
    readPass(names);
}

bool CredentialManager::isLoaded() const
{
    QMutexLocker lock(&m_mutex);
    return m_loadState == LoadState::Loaded || m_loadState == LoadState::Settled;
}

bool CredentialManager::isSettled() const
{
    QMutexLocker lock(&m_mutex);
    return m_loadState == LoadState::Settled;
}

bool CredentialManager::waitForLoad(int timeoutMs)
{
    if (isSettled())
        return true;
    if (m_loadState == LoadState::NotStarted)
        return false;
    QEventLoop loop;
    connect(this, &CredentialManager::loadFinished, &loop, [this, &loop] {
        if (isSettled())
            loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return isSettled();
}

void CredentialManager::retry()
{
    if (m_loadState == LoadState::NotStarted) {
        load();
        return;
    }
    m_pass = qMax(m_pass, 2); // an explicit retry never schedules another
    QStringList failed;
    {
        QMutexLocker lock(&m_mutex);
        for (const CredentialInfo &info : std::as_const(m_index)) {
            const auto it = m_cache.constFind(info.name);
            if (it == m_cache.cend() || !it->value)
                failed << info.name;
        }
    }
    readPass(failed);
}

void CredentialManager::readPass(const QStringList &names)
{
    if (m_pending > 0) { // a pass is running; read these when it ends
        m_queued += names;
        return;
    }
    m_pending = int(names.size()) + 1;
    auto oneDone = [this] {
        if (--m_pending == 0)
            passFinished();
    };

    // A probe tells "locked" and "no service" even when nothing is indexed yet, so a literal key
    // arriving later is answered from known health (see moveLiteralToKeychain).
    SecretJob *probe = m_keychain->probe();
    connect(probe, &SecretJob::finished, this, [this, oneDone](const SecretResult &result) {
        noteKeychain(result);
        oneDone();
    });

    for (const QString &name : names) {
        SecretJob *job = m_keychain->read(name);
        connect(job, &SecretJob::finished, this, [this, name, oneDone](const SecretResult &result) {
            noteKeychain(result);
            bool foundAfterMemoryOnly = false;
            {
                QMutexLocker lock(&m_mutex);
                const qsizetype i = indexOf(name);
                Entry &entry = m_cache[name];
                if (i < 0) {
                    m_cache.remove(name); // removed from the index meanwhile
                } else if (entry.value && m_index[i].memoryOnly) {
                    // Arrived this run while the keychain was away; flushMemoryOnly() owns it.
                } else if (result.ok()) {
                    entry = {result.value, SecretResult::success()};
                    foundAfterMemoryOnly = m_index[i].memoryOnly;
                    m_index[i].memoryOnly = false;
                } else if (result.status == SecretStatus::NotFound && m_index[i].memoryOnly) {
                    entry = {std::nullopt,
                             SecretResult::failureWithMessage(
                                 SecretStatus::NotFound,
                                 QStringLiteral("The key \"%1\" was held in memory only in an "
                                                "earlier run, because the keychain was "
                                                "unavailable then, so it is gone. Enter it again "
                                                "under Credentials.")
                                     .arg(name),
                                 result.detail)};
                } else {
                    entry = {std::nullopt, withoutValue(result)};
                }
            }
            if (foundAfterMemoryOnly)
                emit indexChanged();
            oneDone();
        });
    }
}

void CredentialManager::passFinished()
{
    QStringList failed;
    QString firstProblem;
    int loaded = 0;
    {
        QMutexLocker lock(&m_mutex);
        for (const CredentialInfo &info : std::as_const(m_index)) {
            const auto it = m_cache.constFind(info.name);
            if (it != m_cache.cend() && it->value) {
                ++loaded;
            } else if (it != m_cache.cend()) {
                failed << info.name;
                if (firstProblem.isEmpty())
                    firstProblem = it->state.message;
            }
        }
    }
    for (const QString &name : std::as_const(failed))
        qCWarning(lcSecrets).noquote()
            << "credential" << name << "not available:" << status(name).describe();
    qCInfo(lcSecrets).noquote() << "credentials: pass" << m_pass << "loaded" << loaded << "key(s),"
                                << failed.size() << "not available; keychain"
                                << (m_keychainStatus ? secretStatusName(*m_keychainStatus)
                                                     : QStringLiteral("unknown"));

    const bool retryLater = m_pass == 1 && keychainUnavailable() && m_keychainStatus &&
                            *m_keychainStatus != SecretStatus::AccessDenied && m_retryDelayMs >= 0;
    {
        QMutexLocker lock(&m_mutex);
        m_loadState = retryLater ? LoadState::Loaded : LoadState::Settled;
    }
    emit secretsChanged();
    if (retryLater) {
        qCInfo(lcSecrets).noquote()
            << "the keychain is not ready; trying again in" << m_retryDelayMs << "ms";
        QTimer::singleShot(m_retryDelayMs, this, &CredentialManager::retry);
    } else {
        m_pass = qMax(m_pass, 2); // the start-up retry is spent once settled
        if (!failed.isEmpty())
            emit warning(QStringLiteral("%1 of the credentials could not be loaded (%2). ")
                             .arg(failed.size())
                             .arg(failed.join(QStringLiteral(", "))) +
                         firstProblem);
        if (m_keychainStatus == SecretStatus::Ok)
            flushMemoryOnly();
    }
    emit loadFinished();

    if (!m_queued.isEmpty())
        readPass(std::exchange(m_queued, {}));
}

void CredentialManager::flushMemoryOnly()
{
    QList<QPair<QString, QString>> held;
    {
        QMutexLocker lock(&m_mutex);
        for (const CredentialInfo &info : std::as_const(m_index)) {
            const auto it = m_cache.constFind(info.name);
            if (info.memoryOnly && it != m_cache.cend() && it->value)
                held.append({info.name, *it->value});
        }
    }
    for (const auto &[name, secret] : std::as_const(held)) {
        SecretJob *job = m_keychain->write(name, secret);
        connect(job, &SecretJob::finished, this, [this, name](const SecretResult &result) {
            noteKeychain(result);
            if (!result.ok())
                return;
            setMemoryOnly(name, false);
            m_memory->remove(name);
            qCInfo(lcSecrets).noquote()
                << "moved the key" << name << "from memory into the keychain";
        });
    }
}

// --- The keychain's health ---

bool CredentialManager::keychainUnavailable() const
{
    return m_keychainStatus && isUnavailable(*m_keychainStatus);
}

SecretJob *CredentialManager::checkKeychain()
{
    SecretJob *job = new SecretJob(SecretJob::Operation::Probe, {}, this);
    SecretJob *probe = m_keychain->probe();
    connect(probe, &SecretJob::finished, job, [this, job](const SecretResult &result) {
        noteKeychain(result);
        job->finish(result);
    });
    return job;
}

void CredentialManager::noteKeychain(const SecretResult &result)
{
    SecretStatus status = result.status;
    if (status == SecretStatus::NotFound)
        status = SecretStatus::Ok; // it answered
    if (status == SecretStatus::Invalid || status == SecretStatus::ReadOnly)
        return; // about the request, not the keychain
    const QString message = status == SecretStatus::Ok
                                ? QString()
                                : SecretResult::sentence(status, {}, {}, result.detail);
    if (m_keychainStatus == status && m_keychainMessage == message)
        return;
    m_keychainStatus = status;
    m_keychainMessage = message;
    if (status == SecretStatus::Ok)
        qCInfo(lcSecrets).noquote() << "the" << m_keychain->backendName() << "is available";
    else
        qCWarning(lcSecrets).noquote()
            << "the" << m_keychain->backendName() << "is not available:" << secretStatusName(status)
            << result.detail;
    emit keychainStatusChanged(status, message);
}

// --- Changes ---

SecretJob *CredentialManager::store(const CredentialInfo &info, const QString &secret,
                                    MemoryFallback fallback)
{
    return startWrite(info, secret, fallback, false);
}

SecretJob *CredentialManager::startWrite(const CredentialInfo &info, const QString &secret,
                                         MemoryFallback fallback, bool committed)
{
    const auto op = SecretJob::Operation::Write;
    SecretJob *job = new SecretJob(op, info.name, this);
    QString why;
    if (!SecretReference::isValidCredentialName(info.name, &why)) {
        job->finish(
            SecretResult::failure(SecretStatus::Invalid, info.name, SecretJob::verb(op), why));
        return job;
    }
    if (secret.isEmpty() || SecretReference::looksLikeReference(secret)) {
        job->finish(SecretResult::failure(
            SecretStatus::Invalid, info.name, SecretJob::verb(op),
            secret.isEmpty() ? QStringLiteral("an empty key cannot be stored.")
                             : QStringLiteral("this is a reference ($secret://... or $env://...), "
                                              "not a key; put it in the route instead.")));
        return job;
    }
    SecretJob *write = m_keychain->write(info.name, secret);
    connect(write, &SecretJob::finished, job,
            [this, job, info, secret, fallback, committed](const SecretResult &result) {
                noteKeychain(result);
                if (result.ok()) {
                    if (committed)
                        setMemoryOnly(info.name, false);
                    else
                        commit(info, secret, false);
                    m_memory->remove(info.name);
                    qCInfo(lcSecrets).noquote()
                        << "stored the key" << info.name << "in the" << m_keychain->backendName();
                    job->finish(SecretResult::success());
                    return;
                }
                if (fallback == MemoryFallback::Refuse || result.status == SecretStatus::Invalid) {
                    qCWarning(lcSecrets).noquote()
                        << "could not store the key" << info.name << ":" << result.describe();
                    job->finish(withoutValue(result));
                    return;
                }
                m_memory->write(info.name, secret);
                if (committed)
                    setMemoryOnly(info.name, true);
                else
                    commit(info, secret, true);
                SecretResult held = SecretResult::success();
                held.warning = fallbackWarning(info.name, result);
                qCWarning(lcSecrets).noquote() << "holding the key" << info.name
                                               << "in memory for this run:" << result.describe();
                if (committed) // the caller already has its answer; say it now
                    emit warning(held.warning);
                job->finish(held);
            });
    return job;
}

bool CredentialManager::updateInfo(const CredentialInfo &info, QString *error)
{
    {
        QMutexLocker lock(&m_mutex);
        const qsizetype i = indexOf(info.name);
        if (i < 0) {
            if (error)
                *error = QStringLiteral("No credential named \"%1\" exists.").arg(info.name);
            return false;
        }
        m_index[i].provider = info.provider;
        m_index[i].note = info.note;
    }
    emit indexChanged();
    return true;
}

SecretJob *CredentialManager::remove(const QString &name)
{
    const auto op = SecretJob::Operation::Remove;
    SecretJob *job = new SecretJob(op, name, this);
    const std::optional<CredentialInfo> info = credential(name);
    if (!info) {
        job->finish(SecretResult::failureWithMessage(
            SecretStatus::NotFound,
            QStringLiteral("No credential named \"%1\" exists.").arg(name)));
        return job;
    }
    SecretJob *removal = m_keychain->remove(name);
    const bool memoryOnly = info->memoryOnly;
    connect(removal, &SecretJob::finished, job,
            [this, job, name, memoryOnly](const SecretResult &result) {
                noteKeychain(result);
                // A key held in memory is not in the keychain, so a keychain that is away
                // does not stop its removal.
                if (!result.ok() && !memoryOnly) {
                    qCWarning(lcSecrets).noquote()
                        << "could not remove the key" << name << ":" << result.describe();
                    job->finish(result);
                    return;
                }
                drop(name);
                qCInfo(lcSecrets).noquote() << "removed the credential" << name;
                job->finish(SecretResult::success());
            });
    return job;
}

CredentialManager::MoveResult CredentialManager::moveLiteralToKeychain(const QString &literal,
                                                                       const QString &suggestedName,
                                                                       const QString &provider)
{
    MoveResult move;
    if (literal.isEmpty()) {
        move.error = QStringLiteral("There is no key to store.");
        return move;
    }
    if (SecretReference::looksLikeReference(literal)) {
        const std::optional<SecretReference> ref = SecretReference::parse(literal, &move.error);
        move.ok = ref.has_value();
        if (ref) {
            move.name = ref->name;
            move.reference = literal;
        }
        return move;
    }

    // The same key arriving again (a re-import) reuses its credential instead of making a copy.
    {
        QMutexLocker lock(&m_mutex);
        for (const CredentialInfo &info : std::as_const(m_index)) {
            const auto it = m_cache.constFind(info.name);
            if (it != m_cache.cend() && it->value == literal) {
                move.ok = true;
                move.name = info.name;
                move.reference = info.reference();
                if (info.memoryOnly)
                    move.warning = fallbackWarning(info.name, keychainResult());
                return move;
            }
        }
    }

    CredentialInfo info;
    info.name = uniqueName(SecretReference::suggestCredentialName(suggestedName));
    info.provider = provider;
    info.note = QStringLiteral("Moved here from a key written in a route.");
    info.created = QDateTime::currentDateTimeUtc();
    move.ok = true;
    move.name = info.name;
    move.reference = info.reference();

    if (keychainUnavailable()) {
        m_memory->write(info.name, literal);
        commit(info, literal, true);
        move.warning = fallbackWarning(info.name, keychainResult());
        qCWarning(lcSecrets).noquote()
            << "holding the moved key" << info.name
            << "in memory for this run:" << secretStatusName(*m_keychainStatus);
        return move;
    }
    // Filled first so the reference resolves at once; the keychain write follows.
    commit(info, literal, false);
    move.job = startWrite(info, literal, MemoryFallback::Allow, true);
    qCInfo(lcSecrets).noquote() << "moving a literal key into the credential" << info.name;
    return move;
}

void CredentialManager::commit(const CredentialInfo &info, const QString &secret, bool memoryOnly)
{
    {
        QMutexLocker lock(&m_mutex);
        const qsizetype i = indexOf(info.name);
        if (i >= 0) {
            m_index[i].provider = info.provider;
            m_index[i].note = info.note;
            m_index[i].memoryOnly = memoryOnly;
        } else {
            CredentialInfo added = info;
            if (!added.created.isValid())
                added.created = QDateTime::currentDateTimeUtc();
            added.memoryOnly = memoryOnly;
            m_index << added;
        }
        m_cache.insert(info.name, {secret, SecretResult::success()});
    }
    emit indexChanged();
    emit secretsChanged();
}

void CredentialManager::setMemoryOnly(const QString &name, bool memoryOnly)
{
    {
        QMutexLocker lock(&m_mutex);
        const qsizetype i = indexOf(name);
        if (i < 0 || m_index[i].memoryOnly == memoryOnly)
            return;
        m_index[i].memoryOnly = memoryOnly;
    }
    emit indexChanged();
}

void CredentialManager::drop(const QString &name)
{
    {
        QMutexLocker lock(&m_mutex);
        const qsizetype i = indexOf(name);
        if (i >= 0)
            m_index.removeAt(i);
        m_cache.remove(name);
    }
    m_memory->remove(name);
    emit indexChanged();
    emit secretsChanged();
}

SecretResult CredentialManager::keychainResult() const
{
    return SecretResult::failureWithMessage(m_keychainStatus.value_or(SecretStatus::Other),
                                            m_keychainMessage);
}

QString CredentialManager::fallbackWarning(const QString &name, const SecretResult &why)
{
    return QStringLiteral("The key \"%1\" is held in memory for this run only and was not "
                          "written anywhere, so it must be entered again after a restart. ")
               .arg(name) +
           why.message;
}

// --- Reading ---

std::optional<QString> CredentialManager::resolve(const QString &reference, QString *error) const
{
    QString why;
    const std::optional<SecretReference> ref = SecretReference::parse(reference, &why);
    SecretResult result;
    if (!ref) {
        result = SecretResult::failureWithMessage(SecretStatus::Invalid, why);
    } else if (ref->scheme == SecretReference::Scheme::Environment) {
        result = m_env->lookup(ref->name);
    } else {
        QMutexLocker lock(&m_mutex);
        const auto it = m_cache.constFind(ref->name);
        if (it != m_cache.cend() && it->value)
            return *it->value;
        lock.unlock();
        result = status(ref->name);
    }
    if (result.ok())
        return result.value;
    if (error)
        *error = result.message;
    return std::nullopt;
}

SecretResult CredentialManager::status(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_cache.constFind(name);
    if (it != m_cache.cend())
        return it->value ? SecretResult::success() : it->state;
    if (indexOf(name) < 0)
        return SecretResult::failureWithMessage(
            SecretStatus::NotFound,
            QStringLiteral("No credential named \"%1\" exists. Add it under Credentials, or "
                           "change the reference.")
                .arg(name));
    return SecretResult::failureWithMessage(
        SecretStatus::Other, QStringLiteral("The key \"%1\" has not been read from the keychain "
                                            "yet; the route works once it is loaded.")
                                 .arg(name));
}

std::optional<QString> CredentialManager::reveal(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_cache.constFind(name);
    if (it == m_cache.cend() || !it->value)
        return std::nullopt;
    qCInfo(lcSecrets).noquote() << "the key" << name << "was revealed on request";
    return it->value;
}

QString CredentialManager::masked(const QString &name) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_cache.constFind(name);
    return it == m_cache.cend() || !it->value ? QString() : mask(*it->value);
}

QString CredentialManager::mask(const QString &secret)
{
    if (secret.isEmpty())
        return {};
    static constexpr int Tail = 4;
    static constexpr int MinBodyForTail = 12; // below this, four characters say too much
    const QChar ellipsis(0x2026);

    qsizetype pos = 0;
    // An auth scheme ("Bearer ", "Basic ") is not secret and says how the key is sent.
    const qsizetype space = secret.indexOf(QLatin1Char(' '));
    if (space > 0 && space <= 10) {
        pos = space;
        while (pos < secret.size() && secret.at(pos) == QLatin1Char(' '))
            ++pos;
    }
    // A vendor prefix ("sk-", "sk-proj-", "gsk_", "xai-") tells which provider a key is for: up
    // to two runs of at most four letters, each ending in '-' or '_'.
    for (int segment = 0; segment < 2; ++segment) {
        qsizetype end = pos;
        while (end < secret.size() && end - pos < 5 && secret.at(end).isLetter() &&
               secret.at(end).unicode() < 128)
            ++end;
        if (end == pos || end - pos > 4 || end >= secret.size() ||
            (secret.at(end) != QLatin1Char('-') && secret.at(end) != QLatin1Char('_')))
            break;
        pos = end + 1;
    }
    const QString prefix = secret.left(pos);
    const qsizetype body = secret.size() - pos;
    QString masked = prefix + ellipsis;
    if (body >= MinBodyForTail)
        masked += secret.right(Tail);
    return masked;
}

void CredentialManager::markUsed(const QString &name, const QDateTime &when)
{
    {
        QMutexLocker lock(&m_mutex);
        const qsizetype i = indexOf(name);
        if (i < 0)
            return;
        CredentialInfo &info = m_index[i];
        if (info.lastUsed.isValid() && info.lastUsed.secsTo(when) < LastUsedResolutionSecs)
            return;
        info.lastUsed = when.toUTC();
    }
    emit indexChanged();
}

} // namespace gatehouse

#pragma once

#include "CredentialInfo.h"
#include "SecretJob.h"
#include "SecretResolver.h"
#include "SecretResult.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QString>

#include <optional>

namespace gatehouse {

class EnvSecretStore;
class MemorySecretStore;
class SecretStore;

// The one service through which widgets, the Admin API and import reach credentials (after
// ownCloud's CredentialManager): it keeps the index of credential names and their metadata,
// reads their keys from the keychain into an in-memory cache at start-up, answers route
// snapshots from that cache (SecretResolver), and stores, replaces and removes keys.
//
// When the keychain cannot take a key (no keyring service, locked, refused) the key is held in
// a MemorySecretStore for this run only, never written in plaintext, and the answer carries a
// warning saying so and why.
//
// Lives on the main thread; resolve() and the other const readers may be called from any thread.
class CredentialManager final : public QObject, public SecretResolver
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialManager)

public:
    enum class MemoryFallback { Allow, Refuse };

    static constexpr int DefaultStartupRetryDelayMs = 3000;
    // lastUsed is kept to this resolution so a busy proxy does not rewrite the config per request.
    static constexpr int LastUsedResolutionSecs = 3600;

    // Takes ownership of `keychain`; nullptr means the OS keychain (KeychainSecretStore).
    explicit CredentialManager(SecretStore *keychain = nullptr, QObject *parent = nullptr);
    ~CredentialManager() override;

    // --- The index (persisted by the config as its "credentials" section) ---
    // Set before load(); names set later are read at once if load() already ran.
    void setIndex(const QList<CredentialInfo> &index);
    QList<CredentialInfo> credentials() const;
    std::optional<CredentialInfo> credential(const QString &name) const;
    bool contains(const QString &name) const;
    // `suggested` if free, else suggested-2, suggested-3, ...
    QString uniqueName(const QString &suggested) const;

    // --- Start-up ---
    // Reads every indexed key into the cache and checks the keychain can take writes. If the
    // keychain was missing or locked, tries once more after the retry delay, since a keyring
    // daemon that starts after Gatehouse is common. loadFinished() follows each pass.
    void load();
    void setStartupRetryDelay(int ms) { m_retryDelayMs = ms; }
    bool isLoaded() const;  // the first pass is done
    bool isSettled() const; // loaded, and no retry is pending
    // For the headless start-up path and tests: waits in a local event loop until settled.
    bool waitForLoad(int timeoutMs);
    // Reads again whatever failed, and moves keys held in memory into the keychain if it now
    // works (the GUI's "Try again" after the person unlocked the keyring).
    void retry();

    // --- The keychain's health, as last seen ---
    // Ok means it works; Locked, NoBackend, AccessDenied, Other say why not; nullopt until
    // anything was heard from it.
    std::optional<SecretStatus> keychainStatus() const { return m_keychainStatus; }
    bool keychainUnavailable() const;
    QString keychainMessage() const { return m_keychainMessage; }
    SecretJob *checkKeychain();

    // --- Changes ---
    // Stores or replaces the key of `info.name` (created is kept on replace). The job answers Ok
    // once it is in the keychain, or, with a warning, once it is held in memory instead.
    SecretJob *store(const CredentialInfo &info, const QString &secret,
                     MemoryFallback fallback = MemoryFallback::Allow);
    // Changes provider and note only; false with *error when there is no such credential.
    bool updateInfo(const CredentialInfo &info, QString *error = nullptr);
    // Removes the key from wherever it is and the name from the index.
    SecretJob *remove(const QString &name);

    struct MoveResult
    {
        bool ok = false;
        QString name;
        QString reference;       // what goes into the route instead of the literal
        QString warning;         // set when the key is held in memory only
        QString error;           // set when !ok
        QPointer<SecretJob> job; // the keychain write still in flight, if any
    };
    // For a literal key arriving in a route (import, Admin API, a form): stores it as a
    // credential named after `suggestedName` (or reuses the credential that already holds the
    // same key) and returns the reference to put in its place. Answers at once from the
    // keychain's known health, so it can run inside a synchronous config filter; the cache is
    // filled before returning, so the reference resolves immediately. If the keychain write
    // then fails, the key moves to memory and warning() is emitted.
    MoveResult moveLiteralToKeychain(const QString &literal, const QString &suggestedName,
                                     const QString &provider = {});

    // --- Reading ---
    // SecretResolver: `$secret://keychain/NAME` from the cache, `$env://VAR` from the environment.
    std::optional<QString> resolve(const QString &reference, QString *error) const override;
    // The state of a credential's key (value always empty): Ok when it is ready to use.
    SecretResult status(const QString &name) const;
    // The key itself, for an explicit "reveal" in the GUI only.
    std::optional<QString> reveal(const QString &name) const;
    // The key masked for display ("sk-…wxyz"), empty when it is not available.
    QString masked(const QString &name) const;
    // "sk-abcdef…wxyz" -> "sk-…wxyz", "Bearer sk-…" keeps its scheme; a short secret shows no tail.
    static QString mask(const QString &secret);
    // Notes a use (a request, a key test); see LastUsedResolutionSecs.
    void markUsed(const QString &name, const QDateTime &when = QDateTime::currentDateTimeUtc());

    // The stores, for tests and diagnostics.
    SecretStore *keychainStore() const { return m_keychain; }
    MemorySecretStore *memoryStore() const { return m_memory; }
    EnvSecretStore *environmentStore() const { return m_env; }

signals:
    // The index or metadata changed: persist credentials() in the config.
    void indexChanged();
    // Keys in the cache changed: rebuild the route snapshot.
    void secretsChanged();
    void loadFinished();
    void keychainStatusChanged(gatehouse::SecretStatus status, const QString &message);
    // Something a person should see (a key held in memory only, a key missing at start-up).
    void warning(const QString &sentence);

private:
    struct Entry
    {
        std::optional<QString> value;
        SecretResult state; // why there is no value; never holds one
    };

    void readPass(const QStringList &names);
    void passFinished();
    void flushMemoryOnly();
    void noteKeychain(const SecretResult &result);
    SecretResult keychainResult() const;
    // `committed`: the cache and index already hold the key (moveLiteralToKeychain).
    SecretJob *startWrite(const CredentialInfo &info, const QString &secret,
                          MemoryFallback fallback, bool committed);
    void commit(const CredentialInfo &info, const QString &secret, bool memoryOnly);
    void setMemoryOnly(const QString &name, bool memoryOnly);
    void drop(const QString &name);
    qsizetype indexOf(const QString &name) const; // under m_mutex
    static QString fallbackWarning(const QString &name, const SecretResult &why);

    SecretStore *m_keychain;
    MemorySecretStore *m_memory;
    EnvSecretStore *m_env;

    mutable QMutex m_mutex; // guards m_index, m_cache and m_loadState for resolve()'s callers
    QList<CredentialInfo> m_index;
    QHash<QString, Entry> m_cache;
    enum class LoadState {
        NotStarted,
        Loading,
        Loaded,
        Settled
    } m_loadState = LoadState::NotStarted;

    int m_retryDelayMs = DefaultStartupRetryDelayMs;
    int m_pass = 0;
    int m_pending = 0;
    QStringList m_queued; // names to read once the running pass ends
    std::optional<SecretStatus> m_keychainStatus;
    QString m_keychainMessage;
};

} // namespace gatehouse

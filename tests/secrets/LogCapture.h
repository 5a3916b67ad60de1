#pragma once

#include <QLoggingCategory>
#include <QMutex>
#include <QMutexLocker>
#include <QStringList>

// Records every log line (debug included for gatehouse.secrets) while passing it on, so a test
// can prove no secret reaches a log.
class LogCapture final
{
public:
    LogCapture()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("gatehouse.secrets.debug=true"));
        s_previous = qInstallMessageHandler(&LogCapture::handle);
    }
    ~LogCapture()
    {
        qInstallMessageHandler(s_previous);
        QLoggingCategory::setFilterRules(QString());
    }
    LogCapture(const LogCapture &) = delete;
    LogCapture &operator=(const LogCapture &) = delete;

    static QStringList lines()
    {
        QMutexLocker lock(&mutex());
        return store();
    }
    static QString text() { return lines().join(QLatin1Char('\n')); }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        {
            QMutexLocker lock(&mutex());
            store() << QString::fromLatin1(context.category ? context.category : "default") +
                           QStringLiteral(": ") + message;
        }
        if (s_previous)
            s_previous(type, context, message);
    }
    static QMutex &mutex()
    {
        static QMutex m;
        return m;
    }
    static QStringList &store()
    {
        static QStringList lines;
        return lines;
    }
    static inline QtMessageHandler s_previous = nullptr;
};

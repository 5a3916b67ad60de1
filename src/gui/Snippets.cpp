#include "Snippets.h"

namespace gatehouse {

namespace {

QString modelOf(const Snippets::Target &t)
{
    return t.model.isEmpty() ? QStringLiteral("deepseek-chat") : t.model;
}

} // namespace

bool Snippets::sdkCompatible(const Target &target)
{
    return target.routePath.isEmpty() || target.routePath.endsWith(QLatin1Char('*'));
}

QString Snippets::baseUrl(const Target &target)
{
    QString path = target.routePath.isEmpty() ? QStringLiteral("/v1/*") : target.routePath;
    if (path.endsWith(QLatin1Char('*')))
        path.chop(1);
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    return QStringLiteral("http://") + target.address + path;
}

QString Snippets::chatUrl(const Target &target)
{
    return sdkCompatible(target) ? baseUrl(target) + QStringLiteral("/chat/completions")
                                 : baseUrl(target);
}

QString Snippets::curl(const Target &target)
{
    return QStringLiteral("curl %1 \\\n"
                          "  -H \"Content-Type: application/json\" \\\n"
                          "  -d '{\n"
                          "    \"model\": \"%2\",\n"
                          "    \"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]\n"
                          "  }'")
        .arg(chatUrl(target), modelOf(target));
}

QString Snippets::sdkNote(const Target &target, const QString &comment)
{
    if (sdkCompatible(target))
        return {};
    return comment + QLatin1Char(' ') +
           tr("This route answers on %1 only; SDKs need a prefix path such as /v1/*.")
               .arg(target.routePath) +
           QLatin1Char('\n');
}

QString Snippets::python(const Target &target)
{
    const QString note = sdkNote(target, QStringLiteral("#"));
    return note + QStringLiteral("from openai import OpenAI\n\n"
                                 "client = OpenAI(base_url=\"%1\", api_key=\"gatehouse\")\n"
                                 "reply = client.chat.completions.create(\n"
                                 "    model=\"%2\",\n"
                                 "    messages=[{\"role\": \"user\", \"content\": \"Hello\"}],\n"
                                 ")\n"
                                 "print(reply.choices[0].message.content)")
                      .arg(baseUrl(target), modelOf(target));
}

QString Snippets::javascript(const Target &target)
{
    const QString note = sdkNote(target, QStringLiteral("//"));
    return note +
           QStringLiteral("import OpenAI from \"openai\";\n\n"
                          "const client = new OpenAI({ baseURL: \"%1\", apiKey: \"gatehouse\" });\n"
                          "const reply = await client.chat.completions.create({\n"
                          "  model: \"%2\",\n"
                          "  messages: [{ role: \"user\", content: \"Hello\" }],\n"
                          "});\n"
                          "console.log(reply.choices[0].message.content);")
               .arg(baseUrl(target), modelOf(target));
}

QString Snippets::environment(const Target &target)
{
    return QStringLiteral("export OPENAI_BASE_URL=%1\nexport OPENAI_API_KEY=gatehouse")
        .arg(baseUrl(target));
}

} // namespace gatehouse

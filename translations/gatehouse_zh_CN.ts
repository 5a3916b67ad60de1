<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Conversation</name>
    <message>
        <location filename="../src/gui/Conversation.cpp" line="96"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location filename="../src/gui/Conversation.cpp" line="99"/>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../src/gui/Conversation.cpp" line="102"/>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <location filename="../src/gui/Conversation.cpp" line="108"/>
        <source>Reasoning</source>
        <translation>思考过程</translation>
    </message>
    <message>
        <location filename="../src/gui/Conversation.cpp" line="114"/>
        <source>Error:</source>
        <translation>错误：</translation>
    </message>
    <message>
        <location filename="../src/gui/Conversation.cpp" line="160"/>
        <source>TTFT %1 ms</source>
        <translation>首 token %1 毫秒</translation>
    </message>
    <message>
        <location filename="../src/gui/Conversation.cpp" line="162"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../src/gui/Conversation.cpp" line="164"/>
        <source>%1 tok/s</source>
        <translation>%1 token/秒</translation>
    </message>
    <message>
        <location filename="../src/gui/Conversation.cpp" line="166"/>
        <source>%1 in / %2 out</source>
        <translation>输入 %1 / 输出 %2</translation>
    </message>
    <message>
        <location filename="../src/gui/Conversation.cpp" line="170"/>
        <source> / %1 cached</source>
        <translation> / 缓存 %1</translation>
    </message>
    <message>
        <location filename="../src/gui/Conversation.cpp" line="172"/>
        <source> (%1 reasoning)</source>
        <translation>（思考 %1）</translation>
    </message>
</context>
<context>
    <name>CredentialDialog</name>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="6"/>
        <source>Add a credential</source>
        <translation>添加凭据</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="11"/>
        <source>The key goes into your system keychain, never into a file. Routes refer to it by name.</source>
        <translation>密钥保存在系统钥匙串中，绝不会写入文件。路由按名称引用它。</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="17"/>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="18"/>
        <source>e.g. deepseek</source>
        <translation>例如 deepseek</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="18"/>
        <source>Credential name</source>
        <translation>凭据名称</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="19"/>
        <source>&amp;Provider</source>
        <translation>服务商(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="20"/>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="21"/>
        <source>&amp;Key</source>
        <translation>密钥(&amp;K)</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="24"/>
        <source>Paste the API key, e.g. sk-…</source>
        <translation>粘贴 API 密钥，例如 sk-…</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="24"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="25"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="25"/>
        <source>Show or hide the key</source>
        <translation>显示或隐藏密钥</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="25"/>
        <source>Show the key</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="28"/>
        <source>N&amp;ote</source>
        <translation>备注(&amp;O)</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="29"/>
        <source>Optional, e.g. which account it belongs to</source>
        <translation>可选，例如它属于哪个账号</translation>
    </message>
    <message>
        <location filename="../ui/CredentialDialog.ui" line="29"/>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>CredentialsPage</name>
    <message>
        <location filename="../ui/CredentialsPage.ui" line="12"/>
        <source>&lt;h2&gt;Credentials&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;凭据&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../ui/CredentialsPage.ui" line="14"/>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../ui/CredentialsPage.ui" line="14"/>
        <source>Store a provider key in the keychain</source>
        <translation>将服务商密钥存入钥匙串</translation>
    </message>
    <message>
        <location filename="../ui/CredentialsPage.ui" line="15"/>
        <source>&amp;Replace key…</source>
        <translation>更换密钥(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../ui/CredentialsPage.ui" line="15"/>
        <source>Put a new key under the same name; routes using it pick it up at once</source>
        <translation>以同一名称保存新密钥；使用它的路由会立即生效</translation>
    </message>
    <message>
        <location filename="../ui/CredentialsPage.ui" line="16"/>
        <source>&amp;Test</source>
        <translation>测试(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/CredentialsPage.ui" line="16"/>
        <source>Ask the provider whether it takes this key (lists its models)</source>
        <translation>向服务商验证此密钥是否可用（获取其模型列表）</translation>
    </message>
    <message>
        <location filename="../ui/CredentialsPage.ui" line="17"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/CredentialsPage.ui" line="23"/>
        <source>Provider keys live in your system keychain, never in Gatehouse&apos;s files. Routes refer to a key by its name ($secret://keychain/NAME), so replacing a key here updates every route that uses it.</source>
        <translation>服务商密钥保存在系统钥匙串中，绝不会写入 Gatehouse 的文件。路由按名称引用密钥（$secret://keychain/名称），因此在这里更换密钥后，所有使用它的路由都会随之更新。</translation>
    </message>
    <message>
        <location filename="../ui/CredentialsPage.ui" line="30"/>
        <source>Keychain problem</source>
        <translation>钥匙串问题</translation>
    </message>
    <message>
        <location filename="../ui/CredentialsPage.ui" line="33"/>
        <source>Try &amp;again</source>
        <translation>重试(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/CredentialsPage.ui" line="40"/>
        <source>No credentials yet. Click “Add…” to store a provider key, or use “Add a provider” on the Overview page to store a key and get a ready route in one go.</source>
        <translation>还没有凭据。点击“添加…”保存服务商密钥，或在“概览”页使用“添加服务商”，一次完成保存密钥并生成可用的路由。</translation>
    </message>
    <message>
        <location filename="../ui/CredentialsPage.ui" line="49"/>
        <source>Credentials</source>
        <translation>凭据</translation>
    </message>
</context>
<context>
    <name>FirstRunPage</name>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="20"/>
        <source>Gatehouse keeps your provider key in the system keychain and gives every tool on this computer one local, OpenAI-compatible address. Which provider do you use?</source>
        <translation>Gatehouse 将你的服务商密钥保存在系统钥匙串中，并为这台电脑上的所有工具提供一个统一的本地 OpenAI 兼容地址。你使用哪家服务商？</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="22"/>
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="34"/>
        <source>API &amp;key</source>
        <translation>API 密钥(&amp;K)</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="37"/>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="38"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="38"/>
        <source>Show the key</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="41"/>
        <source>&amp;Address</source>
        <translation>地址(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="42"/>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="43"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="44"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="49"/>
        <source>&amp;Store and test</source>
        <translation>保存并测试(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="63"/>
        <location filename="../ui/FirstRunPage.ui" line="64"/>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="65"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="65"/>
        <source>Copy the base URL</source>
        <translation>复制基础 URL</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="72"/>
        <source>curl command</source>
        <translation>curl 命令</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="75"/>
        <source>Python example</source>
        <translation>Python 示例</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="78"/>
        <source>JavaScript example</source>
        <translation>JavaScript 示例</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="80"/>
        <source>Environment</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="81"/>
        <source>Environment variables</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="93"/>
        <source>S&amp;kip for now</source>
        <translation>暂时跳过(&amp;K)</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="93"/>
        <source>Go to the main window; this stays available as “Add a provider” on the Overview page</source>
        <translation>进入主窗口；之后仍可在“概览”页通过“添加服务商”使用此向导</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="95"/>
        <source>&amp;Back</source>
        <translation>上一步(&amp;B)</translation>
    </message>
    <message>
        <location filename="../ui/FirstRunPage.ui" line="96"/>
        <source>&amp;Next</source>
        <translation>下一步(&amp;N)</translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <location filename="../ui/LogsPage.ui" line="12"/>
        <source>&lt;h2&gt;Logs&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;日志&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../ui/LogsPage.ui" line="14"/>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/LogsPage.ui" line="14"/>
        <source>Hold new requests back so the table stands still; they appear when you resume</source>
        <translation>暂不显示新请求，让表格保持不动；继续后它们会出现</translation>
    </message>
    <message>
        <location filename="../ui/LogsPage.ui" line="15"/>
        <source>Load &amp;older</source>
        <translation>加载更早的(&amp;O)</translation>
    </message>
    <message>
        <location filename="../ui/LogsPage.ui" line="15"/>
        <source>Read older requests from the usage ledger</source>
        <translation>从用量账本读取更早的请求</translation>
    </message>
    <message>
        <location filename="../ui/LogsPage.ui" line="20"/>
        <source>Search route, instance, model, path, client or error</source>
        <translation>搜索路由、实例、模型、路径、客户端或错误</translation>
    </message>
    <message>
        <location filename="../ui/LogsPage.ui" line="20"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location filename="../ui/LogsPage.ui" line="21"/>
        <source>Route filter</source>
        <translation>路由筛选</translation>
    </message>
    <message>
        <location filename="../ui/LogsPage.ui" line="22"/>
        <source>Status filter</source>
        <translation>状态筛选</translation>
    </message>
    <message>
        <location filename="../ui/LogsPage.ui" line="40"/>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <location filename="../ui/LogsPage.ui" line="45"/>
        <source>Request details</source>
        <translation>请求详情</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/MainWindow.ui" line="6"/>
        <source>Gatehouse</source>
        <translation>Gatehouse</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="19"/>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="21"/>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="22"/>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="23"/>
        <source>Credentials</source>
        <translation>凭据</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="24"/>
        <source>Playground</source>
        <translation>调试台</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="25"/>
        <source>Usage</source>
        <translation>用量</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="26"/>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <location filename="../ui/MainWindow.ui" line="27"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <location filename="../ui/OverviewPage.ui" line="12"/>
        <source>&lt;h2&gt;Overview&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;概览&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="14"/>
        <source>&amp;Add a provider…</source>
        <translation>添加服务商(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="14"/>
        <source>Store a provider key and get a ready route in three steps</source>
        <translation>三步保存服务商密钥并得到一条可用的路由</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="20"/>
        <source>Stop the proxy</source>
        <translation>停止代理</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="35"/>
        <source>Point your tools here</source>
        <translation>在工具中使用此地址</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="38"/>
        <location filename="../ui/OverviewPage.ui" line="39"/>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="40"/>
        <location filename="../ui/OverviewPage.ui" line="43"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="40"/>
        <source>Copy the base URL</source>
        <translation>复制基础 URL</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="41"/>
        <source>Admin API</source>
        <translation>管理 API</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="42"/>
        <source>Admin API address</source>
        <translation>管理 API 地址</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="43"/>
        <source>Copy the Admin API address</source>
        <translation>复制管理 API 地址</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="51"/>
        <source>curl command</source>
        <translation>curl 命令</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="57"/>
        <source>Python example</source>
        <translation>Python 示例</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="63"/>
        <source>JavaScript example</source>
        <translation>JavaScript 示例</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="67"/>
        <source>Environment</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="69"/>
        <source>Environment variables</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="75"/>
        <source>Copy snippet</source>
        <translation>复制代码片段</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="75"/>
        <source>Copy the snippet shown</source>
        <translation>复制当前显示的代码片段</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="81"/>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="94"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="97"/>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="99"/>
        <source>Tokens</source>
        <translation>Token 数</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="101"/>
        <source>Errors</source>
        <translation>错误数</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="103"/>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="105"/>
        <source>Counted from the requests since Gatehouse started (up to the last 1,000).</source>
        <translation>统计自 Gatehouse 启动以来的请求（最多最近 1,000 条）。</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="111"/>
        <location filename="../ui/OverviewPage.ui" line="114"/>
        <source>Recent errors</source>
        <translation>最近的错误</translation>
    </message>
    <message>
        <location filename="../ui/OverviewPage.ui" line="113"/>
        <source>No errors so far. Requests that fail (a wrong key, a provider that is down, no route for a path) are listed here with the reason.</source>
        <translation>暂无错误。失败的请求（密钥错误、服务商宕机、路径没有匹配的路由）会连同原因列在这里。</translation>
    </message>
</context>
<context>
    <name>PlaygroundPage</name>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="12"/>
        <source>&lt;h2&gt;Playground&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;调试台&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="14"/>
        <source>Export &amp;Markdown…</source>
        <translation>导出 Markdown(&amp;M)…</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="14"/>
        <source>Save the conversation as a Markdown file</source>
        <translation>将对话保存为 Markdown 文件</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="15"/>
        <source>Export &amp;JSON…</source>
        <translation>导出 JSON(&amp;J)…</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="15"/>
        <source>Save the conversation, settings and numbers as JSON</source>
        <translation>将对话、参数和统计数据保存为 JSON</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="16"/>
        <source>C&amp;lear</source>
        <translation>清空(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="16"/>
        <source>Start a new conversation</source>
        <translation>开始新对话</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="22"/>
        <source>Talks to the local proxy like any other tool, so what you see is what your tools get: the instance that answered, the attempts before it, time to first token and tokens.</source>
        <translation>与其他工具一样经由本地代理发送请求，所见即你的工具所得：应答的实例、之前的尝试、首 token 时间和 token 数。</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="30"/>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="35"/>
        <source>&amp;Route</source>
        <translation>路由(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="36"/>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="37"/>
        <source>&amp;Instance</source>
        <translation>实例(&amp;I)</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="38"/>
        <source>Instance</source>
        <translation>实例</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="38"/>
        <source>Any instance follows the route&apos;s order and fallbacks; one instance is tried alone</source>
        <translation>选择“任意”时按路由的顺序和故障切换进行；选定某个实例则只请求该实例</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="39"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="40"/>
        <source>Model override</source>
        <translation>覆盖模型</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="41"/>
        <source>&amp;Temperature</source>
        <translation>温度(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="42"/>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="42"/>
        <location filename="../ui/PlaygroundPage.ui" line="44"/>
        <source>Provider default</source>
        <translation>服务商默认值</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="43"/>
        <source>Max &amp;tokens</source>
        <translation>最大 token 数(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="44"/>
        <source>Max tokens</source>
        <translation>最大 token 数</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="45"/>
        <source>&amp;System prompt</source>
        <translation>系统提示词(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="46"/>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="46"/>
        <source>Optional: how the assistant should behave</source>
        <translation>可选：设定助手的行为方式</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="59"/>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="64"/>
        <source>Pick a route, write a message and press Send (Ctrl+Enter). The answer streams in as it arrives.</source>
        <translation>选择一条路由，输入消息后点击“发送”（Ctrl+Enter）。回答会以流式逐步显示。</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="73"/>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="74"/>
        <source>Write a message… (Ctrl+Enter sends)</source>
        <translation>输入消息…（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="81"/>
        <source>&amp;Regenerate</source>
        <translation>重新生成(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="81"/>
        <source>Ask again for the last answer</source>
        <translation>重新请求最后一条回答</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="82"/>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="82"/>
        <source>Stop the answer; the proxy closes the provider&apos;s connection too</source>
        <translation>停止回答；代理也会断开与服务商的连接</translation>
    </message>
    <message>
        <location filename="../ui/PlaygroundPage.ui" line="83"/>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
</context>
<context>
    <name>ProviderFieldsWidget</name>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="12"/>
        <source>&amp;Provider</source>
        <translation>服务商(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="15"/>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="24"/>
        <source>&amp;Credential</source>
        <translation>凭据(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="31"/>
        <source>Credential</source>
        <translation>凭据</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="35"/>
        <source>New credential…</source>
        <translation>新建凭据…</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="35"/>
        <source>Store a new key in the keychain and use it here</source>
        <translation>将新密钥存入钥匙串并在此使用</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="46"/>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="52"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="53"/>
        <source>Written over the client&apos;s model (options.model); leave empty to keep what the client asks for</source>
        <translation>覆盖客户端请求的模型（options.model）；留空则沿用客户端指定的模型</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="60"/>
        <source>&amp;Endpoint</source>
        <translation>端点(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="64"/>
        <source>Endpoint override</source>
        <translation>覆盖端点</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="72"/>
        <source>E&amp;xtra options</source>
        <translation>附加参数(&amp;X)</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="81"/>
        <source>Extra options</source>
        <translation>附加参数</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="82"/>
        <source>Keys written over every request body, e.g. temperature = 0.3</source>
        <translation>写入每个请求体并覆盖原值的字段，例如 temperature = 0.3</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="86"/>
        <source>Key</source>
        <translation>参数名</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="87"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="93"/>
        <source>Add an option</source>
        <translation>添加参数</translation>
    </message>
    <message>
        <location filename="../ui/ProviderFieldsWidget.ui" line="96"/>
        <source>Remove the selected option</source>
        <translation>删除所选参数</translation>
    </message>
</context>
<context>
    <name>PublishDialog</name>
    <message>
        <location filename="../ui/PublishDialog.ui" line="6"/>
        <source>Publish routes to APISIX</source>
        <translation>发布路由到 APISIX</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="11"/>
        <source>Sends routes to an APISIX or API7 cluster&apos;s Admin API. Nothing is sent until you have seen the differences and pressed Publish. Keys leave as $env:// placeholders that the cluster resolves from its own environment.</source>
        <translation>将路由发送到 APISIX 或 API7 集群的管理 API。在你查看差异并点击“发布”之前，不会发送任何内容。密钥以 $env:// 占位符的形式发出，由集群从自己的环境变量中解析。</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="17"/>
        <source>Admin &amp;API</source>
        <translation>管理 API(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="18"/>
        <source>Cluster Admin API address</source>
        <translation>集群管理 API 地址</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="19"/>
        <source>Admin &amp;key</source>
        <translation>管理密钥(&amp;K)</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="20"/>
        <source>The cluster&apos;s X-API-KEY; kept in your keychain</source>
        <translation>集群的 X-API-KEY；保存在你的钥匙串中</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="20"/>
        <source>Cluster admin key</source>
        <translation>集群管理密钥</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="21"/>
        <source>&amp;Gateway group</source>
        <translation>网关组(&amp;G)</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="22"/>
        <source>API7 only, e.g. default; empty for APISIX</source>
        <translation>仅 API7 需要，例如 default；APISIX 请留空</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="22"/>
        <source>API7 gateway group</source>
        <translation>API7 网关组</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="23"/>
        <source>&amp;Routes</source>
        <translation>路由(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="24"/>
        <source>Routes to publish</source>
        <translation>要发布的路由</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="31"/>
        <source>Press Preview to compare these routes with the cluster&apos;s copies.</source>
        <translation>点击“预览”，将这些路由与集群中的版本进行比较。</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="32"/>
        <source>Differences and results</source>
        <translation>差异与结果</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="40"/>
        <source>Pre&amp;view</source>
        <translation>预览(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/PublishDialog.ui" line="41"/>
        <source>&amp;Publish</source>
        <translation>发布(&amp;P)</translation>
    </message>
</context>
<context>
    <name>RouteEditor</name>
    <message>
        <location filename="../ui/RouteEditor.ui" line="23"/>
        <source>← All routes</source>
        <translation>← 所有路由</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="26"/>
        <source>Back to the list of routes</source>
        <translation>返回路由列表</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="36"/>
        <source>● Unsaved changes</source>
        <translation>● 有未保存的更改</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="72"/>
        <source>Form</source>
        <translation>表单</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="90"/>
        <source>Route form</source>
        <translation>路由表单</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="103"/>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="112"/>
        <source>&amp;ID</source>
        <translation>ID(&amp;I)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="122"/>
        <source>e.g. deepseek-route</source>
        <translation>例如 deepseek-route</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="125"/>
        <source>Route ID</source>
        <translation>路由 ID</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="142"/>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="152"/>
        <source>Optional, for people</source>
        <translation>可选，便于识别</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="155"/>
        <source>Route name</source>
        <translation>路由名称</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="172"/>
        <source>&amp;Paths</source>
        <translation>路径(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="192"/>
        <source>Paths</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="195"/>
        <source>Double-click a path to edit it</source>
        <translation>双击路径进行编辑</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="207"/>
        <location filename="../ui/RouteEditor.ui" line="210"/>
        <source>Add a path</source>
        <translation>添加路径</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="220"/>
        <location filename="../ui/RouteEditor.ui" line="223"/>
        <source>Remove the selected path</source>
        <translation>删除所选路径</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="247"/>
        <source>A path ending in /* matches everything under it, e.g. /v1/* for OpenAI-style tools.</source>
        <translation>以 /* 结尾的路径匹配其下的所有路径，例如 OpenAI 风格的工具使用 /v1/*。</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="264"/>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="308"/>
        <source>(none ticked: any method)</source>
        <translation>（都不勾选：任意方法）</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="340"/>
        <source>&amp;Service ID</source>
        <translation>服务 ID(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="350"/>
        <source>Optional: the APISIX service this route belongs to on a cluster</source>
        <translation>可选：此路由在集群上所属的 APISIX 服务</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="353"/>
        <source>Service ID</source>
        <translation>服务 ID</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="370"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="377"/>
        <source>Enabled: the proxy serves this route</source>
        <translation>启用：代理提供此路由</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="384"/>
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="393"/>
        <source>One provider (ai-proxy)</source>
        <translation>单个服务商（ai-proxy）</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="400"/>
        <source>Several, with fallback (ai-proxy-multi)</source>
        <translation>多个服务商，支持故障切换（ai-proxy-multi）</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="441"/>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="469"/>
        <location filename="../ui/RouteEditor.ui" line="498"/>
        <source>Instances</source>
        <translation>实例</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="475"/>
        <source>A higher priority is tried first, as in APISIX. Inside one priority the weights share the traffic, and the next priority is tried only when fallback allows it.</source>
        <translation>与 APISIX 一样，优先级高的先尝试。同一优先级内按权重分配流量；只有故障切换条件允许时，才会尝试下一优先级。</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="519"/>
        <source>&amp;Add</source>
        <translation>添加(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="526"/>
        <source>D&amp;uplicate</source>
        <translation>复制(&amp;U)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="533"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="540"/>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="550"/>
        <location filename="../ui/RouteEditor.ui" line="553"/>
        <source>Move the selected instance up</source>
        <translation>上移所选实例</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="563"/>
        <location filename="../ui/RouteEditor.ui" line="566"/>
        <source>Move the selected instance down</source>
        <translation>下移所选实例</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="594"/>
        <source>Order in which instances are tried</source>
        <translation>实例的尝试顺序</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="619"/>
        <source>S&amp;wap priorities</source>
        <translation>交换优先级(&amp;W)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="622"/>
        <source>Give each of the two instances the other one&apos;s priority</source>
        <translation>互换这两个实例的优先级</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="645"/>
        <source>Selected instance</source>
        <translation>所选实例</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="651"/>
        <source>Select an instance above to edit it, or add one.</source>
        <translation>在上方选择一个实例进行编辑，或添加一个实例。</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="681"/>
        <source>Na&amp;me</source>
        <translation>名称(&amp;M)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="691"/>
        <source>e.g. deepseek-primary</source>
        <translation>例如 deepseek-primary</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="694"/>
        <source>Instance name</source>
        <translation>实例名称</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="711"/>
        <source>Priorit&amp;y</source>
        <translation>优先级(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="730"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="733"/>
        <source>Higher is tried first</source>
        <translation>数值越大越先尝试</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="740"/>
        <source>Wei&amp;ght</source>
        <translation>权重(&amp;G)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="757"/>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="760"/>
        <source>Share of the traffic inside its priority group</source>
        <translation>在同一优先级组内分得的流量比例</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="803"/>
        <source>Fallback</source>
        <translation>故障切换</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="812"/>
        <source>Try the next on</source>
        <translation>以下情况尝试下一个</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="821"/>
        <source>HTTP 429 (rate limited)</source>
        <translation>HTTP 429（限流）</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="828"/>
        <source>HTTP 5xx and network errors</source>
        <translation>HTTP 5xx 和网络错误</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="835"/>
        <source>Instances cooling down</source>
        <translation>实例冷却中</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="857"/>
        <source>Also on &amp;statuses</source>
        <translation>其他状态码(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="867"/>
        <source>e.g. 401, 402 for a dead key</source>
        <translation>例如 401、402（密钥失效时）</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="870"/>
        <source>Extra fallback statuses</source>
        <translation>额外的故障切换状态码</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="877"/>
        <source>Max &amp;retries</source>
        <translation>最大重试次数(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="897"/>
        <source>Every instance once</source>
        <translation>每个实例各一次</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="900"/>
        <source>Maximum retries</source>
        <translation>最大重试次数</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="917"/>
        <source>&amp;Balancer</source>
        <translation>负载均衡(&amp;B)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="929"/>
        <source>Balancer</source>
        <translation>负载均衡</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="936"/>
        <source>Hash on</source>
        <translation>哈希依据</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="943"/>
        <source>key, e.g. remote_addr</source>
        <translation>键，例如 remote_addr</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="946"/>
        <source>Hash key</source>
        <translation>哈希键</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="985"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="994"/>
        <source>&amp;Timeout</source>
        <translation>超时(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="1014"/>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="1017"/>
        <source>Default (30000 ms)</source>
        <translation>默认（30000 毫秒）</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="1020"/>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="1023"/>
        <source>How long to wait for the provider to connect, answer, or send the next part of a stream</source>
        <translation>等待服务商建立连接、返回响应或发送下一段流式数据的最长时间</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="1071"/>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="1077"/>
        <source>The route as the APISIX Admin API takes it. Edits here update the form, and edits in the form update this text.</source>
        <translation>即 APISIX 管理 API 所接受的路由格式。在这里编辑会更新表单，在表单中编辑也会更新这里的文本。</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="1093"/>
        <source>Route JSON</source>
        <translation>路由 JSON</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="1130"/>
        <source>Re&amp;vert</source>
        <translation>还原(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="1133"/>
        <source>Throw away the changes since the last save</source>
        <translation>放弃自上次保存以来的更改</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="1140"/>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/RouteEditor.ui" line="1143"/>
        <source>Check the route and save it; the proxy uses it at once</source>
        <translation>检查并保存路由；代理会立即使用它</translation>
    </message>
</context>
<context>
    <name>RouteImport</name>
    <message>
        <location filename="../src/gui/RouteImport.cpp" line="77"/>
        <source>No route found here. Paste a route&apos;s JSON, a list of routes, apisix.yaml, or the seed guide&apos;s curl command.</source>
        <translation>这里没有找到路由。请粘贴路由的 JSON、路由列表、apisix.yaml，或入门指南中的 curl 命令。</translation>
    </message>
</context>
<context>
    <name>RouteOrder</name>
    <message>
        <location filename="../src/gui/RouteOrder.cpp" line="21"/>
        <source>No instances yet: add one.</source>
        <translation>还没有实例：请添加一个。</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteOrder.cpp" line="23"/>
        <source>Every request goes to %1.</source>
        <translation>所有请求都发往 %1。</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteOrder.cpp" line="37"/>
        <source>%1 by weight %2</source>
        <translation>%1 按权重 %2 分配</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteOrder.cpp" line="38"/>
        <source>%1 (priority %2)</source>
        <translation>%1（优先级 %2）</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteOrder.cpp" line="40"/>
        <source>Tried first: %1</source>
        <translation>首先尝试：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteOrder.cpp" line="42"/>
        <source> → then %1</source>
        <translation> → 然后 %1</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteOrder.cpp" line="45"/>
        <source>(No fallback is set, so only the first group ever answers.)</source>
        <translation>（未设置故障切换，因此只有第一组会应答。）</translation>
    </message>
</context>
<context>
    <name>RoutesPage</name>
    <message>
        <location filename="../ui/RoutesPage.ui" line="20"/>
        <source>&lt;h2&gt;Routes&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;路由&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="22"/>
        <source>&amp;New route</source>
        <translation>新建路由(&amp;N)</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="23"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="24"/>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="25"/>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="25"/>
        <source>Read routes from a JSON file (a route, a list of routes, or an export)</source>
        <translation>从 JSON 文件读取路由（单条路由、路由列表或导出文件）</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="26"/>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="26"/>
        <source>Read a route from the clipboard: APISIX route JSON, or a curl command like the seed guide&apos;s</source>
        <translation>从剪贴板读取路由：APISIX 路由 JSON，或类似入门指南中的 curl 命令</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="27"/>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="27"/>
        <source>Save every route to a JSON file (keys stay in the keychain; the file holds references)</source>
        <translation>将所有路由保存为 JSON 文件（密钥仍留在钥匙串中，文件中只有引用）</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="28"/>
        <source>P&amp;ublish…</source>
        <translation>发布(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="28"/>
        <source>Send the selected routes (or all) to an APISIX or API7 cluster&apos;s Admin API, after showing what would change</source>
        <translation>先展示将要发生的变更，再把所选路由（或全部路由）发送到 APISIX 或 API7 集群的管理 API</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="34"/>
        <source>A route sends the requests on its paths to one provider, or to several with fallback. Routes here are APISIX routes: they run unchanged on an APISIX cluster.</source>
        <translation>路由把其路径上的请求发往一个服务商，或发往多个服务商并支持故障切换。这里的路由就是 APISIX 路由：无需修改即可在 APISIX 集群上运行。</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="40"/>
        <source>No routes yet. Click “New route”, paste a route or the seed guide&apos;s curl command with “Paste”, or add one through the Admin API on 127.0.0.1:7080.</source>
        <translation>还没有路由。点击“新建路由”，或用“粘贴”导入路由或入门指南中的 curl 命令，也可以通过 127.0.0.1:7080 上的管理 API 添加。</translation>
    </message>
    <message>
        <location filename="../ui/RoutesPage.ui" line="49"/>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../ui/SettingsPage.ui" line="10"/>
        <source>&lt;h2&gt;Settings&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;设置&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="13"/>
        <source>Addresses</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="16"/>
        <source>&amp;Proxy address</source>
        <translation>代理地址(&amp;P)</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="17"/>
        <source>Proxy address</source>
        <translation>代理地址</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="19"/>
        <source>A&amp;dmin API address</source>
        <translation>管理 API 地址(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="20"/>
        <source>Admin API address</source>
        <translation>管理 API 地址</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="22"/>
        <source>Allowed browser &amp;origins</source>
        <translation>允许的浏览器来源(&amp;O)</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="28"/>
        <source>Allowed browser origins</source>
        <translation>允许的浏览器来源</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="31"/>
        <source>One per line. Web pages from other origins cannot call the proxy; tools outside a browser are not affected.</source>
        <translation>每行一个。来自其他来源的网页无法调用代理；浏览器之外的工具不受影响。</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="32"/>
        <source>&amp;Upstream proxy</source>
        <translation>上游代理(&amp;U)</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="35"/>
        <source>Upstream proxy</source>
        <translation>上游代理</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="36"/>
        <source>http://proxy.example.com:3128 or socks5://127.0.0.1:1080</source>
        <translation>http://proxy.example.com:3128 或 socks5://127.0.0.1:1080</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="36"/>
        <source>Upstream proxy address</source>
        <translation>上游代理地址</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="45"/>
        <location filename="../ui/SettingsPage.ui" line="51"/>
        <source>Admin API key</source>
        <translation>管理 API 密钥</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="48"/>
        <source>&amp;Key</source>
        <translation>密钥(&amp;K)</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="52"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="52"/>
        <source>Show the admin key</source>
        <translation>显示管理密钥</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="53"/>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="53"/>
        <source>Copy the admin key</source>
        <translation>复制管理密钥</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="54"/>
        <source>&amp;Regenerate…</source>
        <translation>重新生成(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="63"/>
        <source>Behaviour and appearance</source>
        <translation>行为与外观</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="66"/>
        <source>Start the proxy when Gatehouse starts</source>
        <translation>Gatehouse 启动时启动代理</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="67"/>
        <source>Start minimised to the system tray</source>
        <translation>启动时最小化到系统托盘</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="68"/>
        <source>Start Gatehouse when I log in</source>
        <translation>登录时启动 Gatehouse</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="68"/>
        <source>Adds Gatehouse to your desktop&apos;s autostart programs</source>
        <translation>将 Gatehouse 添加到桌面环境的自启动程序中</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="69"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="70"/>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="71"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="72"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="73"/>
        <source>A new language takes effect the next time Gatehouse starts.</source>
        <translation>新的语言将在 Gatehouse 下次启动时生效。</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="83"/>
        <source>Re&amp;vert</source>
        <translation>还原(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/SettingsPage.ui" line="84"/>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
</context>
<context>
    <name>Snippets</name>
    <message>
        <location filename="../src/gui/Snippets.cpp" line="51"/>
        <location filename="../src/gui/Snippets.cpp" line="69"/>
        <source>This route answers on %1 only; SDKs need a prefix path such as /v1/*.</source>
        <translation>此路由只响应 %1；SDK 需要 /v1/* 这样的前缀路径。</translation>
    </message>
</context>
<context>
    <name>UsageDashboardPage</name>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="12"/>
        <source>&lt;h2&gt;Usage&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;用量&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="14"/>
        <source>Export &amp;CSV…</source>
        <translation>导出 CSV(&amp;C)…</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="14"/>
        <source>Save every request in the range as CSV</source>
        <translation>将所选时间范围内的所有请求保存为 CSV</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="19"/>
        <source>&amp;Range</source>
        <translation>时间范围(&amp;R)</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="20"/>
        <source>Date range</source>
        <translation>日期范围</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="21"/>
        <source>From</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="22"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="23"/>
        <source>To</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="24"/>
        <source>&amp;Group by</source>
        <translation>分组依据(&amp;G)</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="25"/>
        <source>Group by</source>
        <translation>分组依据</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="26"/>
        <source>&amp;Show</source>
        <translation>显示(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="27"/>
        <source>Measure</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="28"/>
        <source>Bucket size</source>
        <translation>时间粒度</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="41"/>
        <source>Over time</source>
        <translation>随时间变化</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="59"/>
        <source>Totals</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="68"/>
        <location filename="../ui/UsageDashboardPage.ui" line="75"/>
        <source>Prices</source>
        <translation>价格</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="70"/>
        <source>US dollars per million tokens. A model&apos;s price applies to every model name that starts with it. Your changes are shown in bold and used for requests from now on; past requests keep the cost they were recorded with.</source>
        <translation>单位为美元/百万 token。一个模型的价格适用于所有以该名称开头的模型。你修改过的价格以粗体显示，并从现在起用于新请求；过去的请求保留记录时的费用。</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="83"/>
        <source>&amp;Add model</source>
        <translation>添加模型(&amp;A)</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="84"/>
        <source>Use &amp;default</source>
        <translation>使用默认值(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="84"/>
        <source>Forget your price for the selected model</source>
        <translation>清除所选模型的自定义价格</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="85"/>
        <source>Re&amp;vert</source>
        <translation>还原(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="86"/>
        <source>&amp;Save prices</source>
        <translation>保存价格(&amp;S)</translation>
    </message>
    <message>
        <location filename="../ui/UsageDashboardPage.ui" line="92"/>
        <location filename="../ui/UsageDashboardPage.ui" line="100"/>
        <source>Budgets</source>
        <translation>预算</translation>
    </message>
</context>
<context>
    <name>gatehouse::ChatMessageWidget</name>
    <message>
        <location filename="../src/gui/ChatMessageWidget.cpp" line="67"/>
        <source>&lt;b&gt;You&lt;/b&gt;</source>
        <translation>&lt;b&gt;你&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../src/gui/ChatMessageWidget.cpp" line="67"/>
        <source>&lt;b&gt;Assistant&lt;/b&gt;</source>
        <translation>&lt;b&gt;助手&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../src/gui/ChatMessageWidget.cpp" line="69"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../src/gui/ChatMessageWidget.cpp" line="70"/>
        <source>Copy this message as Markdown</source>
        <translation>以 Markdown 格式复制这条消息</translation>
    </message>
    <message>
        <location filename="../src/gui/ChatMessageWidget.cpp" line="93"/>
        <source>Your message</source>
        <translation>你的消息</translation>
    </message>
    <message>
        <location filename="../src/gui/ChatMessageWidget.cpp" line="94"/>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../src/gui/ChatMessageWidget.cpp" line="132"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/ChatMessageWidget.cpp" line="142"/>
        <source>Thinking… (%n characters)</source>
        <translation>
            <numerusform>思考中…（%n 个字符）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/ChatMessageWidget.cpp" line="143"/>
        <source>Reasoning (%n characters)</source>
        <translation>
            <numerusform>思考过程（%n 个字符）</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/ChatMessageWidget.cpp" line="152"/>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
</context>
<context>
    <name>gatehouse::ChatStream</name>
    <message>
        <location filename="../src/gui/ChatStream.cpp" line="203"/>
        <source>HTTP %1: %2</source>
        <translation>HTTP %1：%2</translation>
    </message>
    <message>
        <location filename="../src/gui/ChatStream.cpp" line="210"/>
        <source>The stream ended early: %1</source>
        <translation>流式响应提前结束：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/ChatStream.cpp" line="211"/>
        <source>Could not reach the local proxy: %1</source>
        <translation>无法连接本地代理：%1</translation>
    </message>
</context>
<context>
    <name>gatehouse::CredentialDialog</name>
    <message>
        <location filename="../src/gui/CredentialDialog.cpp" line="29"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialDialog.cpp" line="29"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialDialog.cpp" line="42"/>
        <source>Replace the key of %1</source>
        <translation>更换 %1 的密钥</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialDialog.cpp" line="71"/>
        <source>A credential named “%1” exists already: pick another name, or use “Replace key” on the Credentials page.</source>
        <translation>已存在名为“%1”的凭据：请换一个名称，或在“凭据”页使用“更换密钥”。</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialDialog.cpp" line="79"/>
        <source>Paste the key first.</source>
        <translation>请先粘贴密钥。</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialDialog.cpp" line="86"/>
        <source>The key contains spaces or line breaks: copy it again from the provider&apos;s page.</source>
        <translation>密钥中含有空格或换行：请从服务商的页面重新复制。</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialDialog.cpp" line="97"/>
        <source>Storing the key in the keychain…</source>
        <translation>正在将密钥存入钥匙串…</translation>
    </message>
</context>
<context>
    <name>gatehouse::CredentialListModel</name>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="87"/>
        <source>(not available)</source>
        <translation>（不可用）</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="91"/>
        <source>Memory, this run only</source>
        <translation>内存（仅本次运行）</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="91"/>
        <source>Keychain</source>
        <translation>钥匙串</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="94"/>
        <source>Missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="96"/>
        <source>Keychain (locked)</source>
        <translation>钥匙串（已锁定）</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="98"/>
        <source>No keychain</source>
        <translation>无钥匙串</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="100"/>
        <source>Keychain (access refused)</source>
        <translation>钥匙串（拒绝访问）</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="102"/>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="102"/>
        <source>Unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="106"/>
        <source>No route</source>
        <translation>无路由</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="111"/>
        <source>Never</source>
        <translation>从未</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="135"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="137"/>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="139"/>
        <source>Key</source>
        <translation>参数名</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="141"/>
        <source>Stored in</source>
        <translation>存储位置</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="143"/>
        <source>Used by</source>
        <translation>使用它的路由</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialListModel.cpp" line="145"/>
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
</context>
<context>
    <name>gatehouse::CredentialsPage</name>
    <message>
        <location filename="../src/gui/CredentialsPage.cpp" line="38"/>
        <source>Asking the keychain again…</source>
        <translation>正在重新访问钥匙串…</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialsPage.cpp" line="78"/>
        <source>&lt;b&gt;The keychain is not available.&lt;/b&gt; %1&lt;br&gt;Then click “Try again”. Until then, keys you add are kept in memory for this run only and are gone when Gatehouse quits.</source>
        <translation>&lt;b&gt;钥匙串不可用。&lt;/b&gt;%1&lt;br&gt;然后点击“重试”。在此之前，你添加的密钥只在本次运行期间保存在内存中，Gatehouse 退出后即丢失。</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialsPage.cpp" line="99"/>
        <source>Stored “%1” in the keychain.</source>
        <translation>已将“%1”存入钥匙串。</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialsPage.cpp" line="114"/>
        <source>Replaced the key of “%1”.</source>
        <translation>已更换“%1”的密钥。</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialsPage.cpp" line="127"/>
        <source>Delete the key “%1” from the keychain?</source>
        <translation>从钥匙串中删除密钥“%1”？</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialsPage.cpp" line="128"/>
        <source>Delete the key “%1” from the keychain? The routes %2 use it and will answer with an error until they get another key.</source>
        <translation>从钥匙串中删除密钥“%1”？路由 %2 正在使用它，在换上其他密钥之前，这些路由将返回错误。</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialsPage.cpp" line="132"/>
        <source>Delete credential</source>
        <translation>删除凭据</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialsPage.cpp" line="138"/>
        <source>Deleted “%1”.</source>
        <translation>已删除“%1”。</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialsPage.cpp" line="151"/>
        <location filename="../src/gui/CredentialsPage.cpp" line="162"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../src/gui/CredentialsPage.cpp" line="154"/>
        <source>Testing “%1” with the provider…</source>
        <translation>正在向服务商测试“%1”…</translation>
    </message>
</context>
<context>
    <name>gatehouse::FirstRunPage</name>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="64"/>
        <source>A server on this computer (Ollama, LM Studio, llama.cpp)</source>
        <translation>本机上的服务器（Ollama、LM Studio、llama.cpp）</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="66"/>
        <source>DeepSeek: low prices, deepseek-chat and deepseek-reasoner</source>
        <translation>DeepSeek：价格低廉，提供 deepseek-chat 和 deepseek-reasoner</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="76"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="76"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="97"/>
        <source>&lt;h2&gt;Welcome to Gatehouse&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;欢迎使用 Gatehouse&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="98"/>
        <source>&lt;h2&gt;Add a provider&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;添加服务商&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="126"/>
        <source>Step 1 of 3: pick a provider.</source>
        <translation>第 1 步（共 3 步）：选择服务商。</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="128"/>
        <location filename="../src/gui/FirstRunPage.cpp" line="136"/>
        <source>&amp;Next</source>
        <translation>下一步(&amp;N)</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="134"/>
        <source>Step 2 of 3: store your key and test it.</source>
        <translation>第 2 步（共 3 步）：保存并测试密钥。</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="141"/>
        <source>Step 3 of 3: point your tools at Gatehouse.</source>
        <translation>第 3 步（共 3 步）：让你的工具连接 Gatehouse。</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="143"/>
        <source>&amp;Done</source>
        <translation>完成(&amp;D)</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="158"/>
        <source>Type the address of your local server. Most need no key; leave the key empty unless yours asks for one.</source>
        <translation>输入本地服务器的地址。大多数本地服务器不需要密钥；除非你的服务器要求，否则密钥留空即可。</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="162"/>
        <source>Paste your %1 API key. It goes into your system keychain (never into a file) and is tested by asking %1 for its list of models.</source>
        <translation>粘贴你的 %1 API 密钥。它会保存在系统钥匙串中（绝不写入文件），并通过向 %1 请求模型列表来测试。</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="165"/>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="165"/>
        <source>e.g. sk-…</source>
        <translation>例如 sk-…</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="171"/>
        <source>https://YOUR-RESOURCE.openai.azure.com/openai/deployments/NAME</source>
        <translation>https://资源名.openai.azure.com/openai/deployments/部署名</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="232"/>
        <source>Paste the key first.</source>
        <translation>请先粘贴密钥。</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="238"/>
        <source>Type the server&apos;s address first.</source>
        <translation>请先输入服务器地址。</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="254"/>
        <source>Storing the key in the keychain…</source>
        <translation>正在将密钥存入钥匙串…</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="283"/>
        <source>Asking the provider whether it takes the key…</source>
        <translation>正在向服务商验证密钥…</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="296"/>
        <source>Stored as “%1”.</source>
        <translation>已保存为“%1”。</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="302"/>
        <source>The key works.</source>
        <translation>密钥可用。</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="309"/>
        <source>The provider refused the key: %1 Paste it again and test.</source>
        <translation>服务商拒绝了此密钥：%1 请重新粘贴后再测试。</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="316"/>
        <source>It could not be tested: %1 You can go on and test it later on the Credentials page.</source>
        <translation>暂时无法测试：%1 你可以继续，稍后在“凭据”页测试。</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="368"/>
        <source>The route could not be made: %1</source>
        <translation>无法创建路由：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="380"/>
        <source>Your route “%1” is ready: requests to %2 go to %3%4. Point any OpenAI-compatible tool at this base URL:</source>
        <translation>路由“%1”已就绪：发往 %2 的请求将转到 %3%4。在任何兼容 OpenAI 的工具中使用这个基础 URL：</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="383"/>
        <source> (%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="391"/>
        <source>The API key in these snippets can be any text: Gatehouse sends your provider key. Add fallback instances on the Routes page.</source>
        <translation>这些代码片段中的 API 密钥可以是任意文本：Gatehouse 会替你发送服务商密钥。可在“路由”页添加备用实例。</translation>
    </message>
    <message>
        <location filename="../src/gui/FirstRunPage.cpp" line="393"/>
        <source>The proxy is not running yet: start it on the Overview page.</source>
        <translation>代理尚未运行：请在“概览”页启动它。</translation>
    </message>
</context>
<context>
    <name>gatehouse::InstanceTableModel</name>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="60"/>
        <source>No traffic yet</source>
        <translation>暂无流量</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/InstanceTableModel.cpp" line="66"/>
        <source>Checked every %n s</source>
        <translation>
            <numerusform>每 %n 秒检查一次</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="78"/>
        <source>Available; the last try got HTTP %1</source>
        <translation>可用；上次尝试返回 HTTP %1</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="79"/>
        <source>Available; the last try failed: %1</source>
        <translation>可用；上次尝试失败：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="81"/>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="82"/>
        <source>Available, %1% answered</source>
        <translation>可用，%1% 成功应答</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/InstanceTableModel.cpp" line="86"/>
        <source>Rate limited, back in %n s</source>
        <translation>
            <numerusform>已被限流，%n 秒后恢复</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/InstanceTableModel.cpp" line="87"/>
        <source>Failing, skipped for %n s</source>
        <translation>
            <numerusform>连续失败，暂停 %n 秒</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="89"/>
        <source>Being tried again</source>
        <translation>正在重新尝试</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="92"/>
        <source>Unhealthy (its check failed)</source>
        <translation>不健康（健康检查失败）</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="93"/>
        <source>Unhealthy: %1</source>
        <translation>不健康：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="117"/>
        <source>No key</source>
        <translation>无密钥</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="117"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="124"/>
        <source>%1 (missing)</source>
        <translation>%1（缺失）</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="128"/>
        <source>%1 ✓</source>
        <translation>%1 ✓</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="128"/>
        <source>%1 (not readable)</source>
        <translation>%1（无法读取）</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="151"/>
        <source>(client&apos;s)</source>
        <translation>（客户端指定）</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="162"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="197"/>
        <source>Last error: %1</source>
        <translation>最近一次错误：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="210"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="212"/>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="214"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="216"/>
        <source>Credential</source>
        <translation>凭据</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="218"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="220"/>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../src/gui/InstanceTableModel.cpp" line="222"/>
        <source>Health</source>
        <translation>健康状态</translation>
    </message>
</context>
<context>
    <name>gatehouse::LogTableModel</name>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="76"/>
        <source>%1 prompt (%2 cached), %3 completion</source>
        <translation>输入 %1（缓存 %2），输出 %3</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="98"/>
        <source>(no route)</source>
        <translation>（无路由）</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="104"/>
        <source>%1 cut</source>
        <translation>%1 中断</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="108"/>
        <location filename="../src/gui/LogTableModel.cpp" line="111"/>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="113"/>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="132"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="134"/>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="136"/>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="138"/>
        <source>Instance</source>
        <translation>实例</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="140"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="142"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="144"/>
        <source>Stream</source>
        <translation>流式</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="146"/>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="148"/>
        <source>TTFT</source>
        <translation>首 token 时间</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="150"/>
        <source>Tokens in / out</source>
        <translation>Token 输入 / 输出</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="152"/>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <location filename="../src/gui/LogTableModel.cpp" line="154"/>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
</context>
<context>
    <name>gatehouse::LogsPage</name>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="110"/>
        <source>Any status</source>
        <translation>任意状态</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="111"/>
        <source>Success (2xx)</source>
        <translation>成功（2xx）</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="112"/>
        <source>Errors (not 2xx)</source>
        <translation>错误（非 2xx）</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="113"/>
        <source>Client errors (4xx)</source>
        <translation>客户端错误（4xx）</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="115"/>
        <source>Server errors (5xx)</source>
        <translation>服务器错误（5xx）</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="139"/>
        <source>Select a request to see its details and the instances it tried.</source>
        <translation>选择一个请求，查看其详情及尝试过的实例。</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="241"/>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="241"/>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="263"/>
        <source>All routes</source>
        <translation>所有路由</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="286"/>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="288"/>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="289"/>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="290"/>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="290"/>
        <source>(no route matched)</source>
        <translation>（没有匹配的路由）</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="291"/>
        <source>Answered by</source>
        <translation>应答实例</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="291"/>
        <location filename="../src/gui/LogsPage.cpp" line="298"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="297"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="297"/>
        <source>asked %1, answered %2</source>
        <translation>请求 %1，应答 %2</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="299"/>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="300"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="304"/>
        <source> (the stream was cut)</source>
        <translation>（流式响应被中断）</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="306"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="307"/>
        <source>Stream</source>
        <translation>流式</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="307"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="307"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="308"/>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="308"/>
        <location filename="../src/gui/LogsPage.cpp" line="310"/>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="309"/>
        <source>Time to first token</source>
        <translation>首 token 时间</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="310"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="311"/>
        <source>Tokens</source>
        <translation>Token 数</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="312"/>
        <source>%1 prompt (%2 cached), %3 completion (%4 reasoning)</source>
        <translation>输入 %1（缓存 %2），输出 %3（思考 %4）</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="317"/>
        <source>not reported</source>
        <translation>未报告</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="318"/>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="319"/>
        <source>no price for this model</source>
        <translation>此模型没有价格</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="321"/>
        <source>Bytes</source>
        <translation>字节数</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="322"/>
        <source>%1 in, %2 out</source>
        <translation>输入 %1，输出 %2</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="295"/>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="323"/>
        <source>Each attempt</source>
        <translation>每次尝试</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="327"/>
        <source>no answer</source>
        <translation>无应答</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="328"/>
        <source> after %1 ms</source>
        <translation>，用时 %1 毫秒</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="334"/>
        <source>No instance was tried.</source>
        <translation>没有尝试任何实例。</translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="338"/>
        <source>Bodies are not logged, and headers are not stored (keys never are).</source>
        <translation>不记录请求体和响应体，也不保存请求头（密钥绝不会被保存）。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/LogsPage.cpp" line="345"/>
        <source>%n request(s) shown</source>
        <translation>
            <numerusform>显示 %n 个请求</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/LogsPage.cpp" line="347"/>
        <source> (the newest %1 in memory; older ones with “Load older”)</source>
        <translation>（内存中最新的 %1 个；更早的请点击“加载更早的”）</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/LogsPage.cpp" line="352"/>
        <source>Paused: %n new request(s) held back. Resume to show them.</source>
        <translation>
            <numerusform>已暂停：%n 个新请求未显示。点击“继续”以显示。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::MainWindow</name>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="126"/>
        <source>Proxy: listening on %1</source>
        <translation>代理：正在监听 %1</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="128"/>
        <source>Proxy: error, %1</source>
        <translation>代理：出错，%1</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="130"/>
        <source>Proxy: stopped</source>
        <translation>代理：已停止</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="137"/>
        <source>Admin API: %1</source>
        <translation>管理 API：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="138"/>
        <source>Admin API: not running (%1)</source>
        <translation>管理 API：未运行（%1）</translation>
    </message>
    <message>
        <location filename="../src/gui/MainWindow.cpp" line="146"/>
        <source>Requests in flight: %1</source>
        <translation>进行中的请求：%1</translation>
    </message>
</context>
<context>
    <name>gatehouse::OverviewPage</name>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="74"/>
        <source>● The local proxy is listening on %1.</source>
        <translation>● 本地代理正在监听 %1。</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="79"/>
        <source>● The local proxy is not running: %1. Free the port or pick another address under Settings.</source>
        <translation>● 本地代理未运行：%1。请释放该端口，或在“设置”中选择其他地址。</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="85"/>
        <source>● The local proxy is stopped: tools get no answer until you start it.</source>
        <translation>● 本地代理已停止：启动之前，工具不会收到任何响应。</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="88"/>
        <source>Stop the proxy</source>
        <translation>停止代理</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="89"/>
        <source>Start the proxy</source>
        <translation>启动代理</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="118"/>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="118"/>
        <source>Route URL</source>
        <translation>路由 URL</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="124"/>
        <source>For the route “%1”. The API key can be any text: Gatehouse sends the provider&apos;s key.</source>
        <translation>用于路由“%1”。API 密钥可以是任意文本：Gatehouse 会发送服务商的密钥。</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="127"/>
        <source>No route yet: these work once a route serves /v1/*. Click “Add a provider…” to make one.</source>
        <translation>还没有路由：有路由处理 /v1/* 后这些才能使用。点击“添加服务商…”创建一条。</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="134"/>
        <source>not running: %1</source>
        <translation>未运行：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="149"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="151"/>
        <source>&lt;b&gt;%1&lt;/b&gt; on %2 → %3%4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：%2 → %3%4</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="155"/>
        <source>(disabled)</source>
        <translation>（已禁用）</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="159"/>
        <source>No routes yet: click “Add a provider…” above, or make one on the Routes page.</source>
        <translation>还没有路由：点击上方的“添加服务商…”，或在“路由”页创建。</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="193"/>
        <source>the stream was cut</source>
        <translation>流式响应被中断</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="194"/>
        <source>the provider answered with an error</source>
        <translation>服务商返回了错误</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="196"/>
        <source>%1  %2 %3 → %4: %5</source>
        <translation>%1  %2 %3 → %4：%5</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="198"/>
        <source>(route %1)</source>
        <translation>（路由 %1）</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="200"/>
        <source>[tried %1]</source>
        <translation>[尝试了 %1]</translation>
    </message>
    <message>
        <location filename="../src/gui/OverviewPage.cpp" line="214"/>
        <source>%1 (%2 in, %3 out)</source>
        <translation>%1（输入 %2，输出 %3）</translation>
    </message>
</context>
<context>
    <name>gatehouse::PlaygroundPage</name>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="103"/>
        <location filename="../src/gui/PlaygroundPage.cpp" line="133"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="127"/>
        <source>Any (route order, fallbacks)</source>
        <translation>任意（按路由顺序和故障切换）</translation>
    </message>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="157"/>
        <source>The route&apos;s model</source>
        <translation>路由的模型</translation>
    </message>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="157"/>
        <source>The route&apos;s model (%1)</source>
        <translation>路由的模型（%1）</translation>
    </message>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="162"/>
        <source>No route yet: add one on the Routes page (or with “Add a provider…” on the Overview page).</source>
        <translation>还没有路由：请在“路由”页添加（或在“概览”页使用“添加服务商…”）。</translation>
    </message>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="167"/>
        <location filename="../src/gui/PlaygroundPage.cpp" line="274"/>
        <source>The local proxy is not running: start it on the Overview page.</source>
        <translation>本地代理未运行：请在“概览”页启动它。</translation>
    </message>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="170"/>
        <source>Sends to %1</source>
        <translation>发送到 %1</translation>
    </message>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="378"/>
        <source>Gatehouse playground: %1</source>
        <translation>Gatehouse 调试台：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="381"/>
        <source>System prompt:</source>
        <translation>系统提示词：</translation>
    </message>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="401"/>
        <source>Export the conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="402"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="402"/>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="407"/>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../src/gui/PlaygroundPage.cpp" line="410"/>
        <source>Could not save %1: %2. Pick another folder.</source>
        <translation>无法保存 %1：%2。请选择其他文件夹。</translation>
    </message>
</context>
<context>
    <name>gatehouse::ProviderFieldsWidget</name>
    <message>
        <location filename="../src/gui/ProviderFieldsWidget.cpp" line="142"/>
        <source>%1 has no default address: set the endpoint below.</source>
        <translation>%1 没有默认地址：请在下方设置端点。</translation>
    </message>
    <message>
        <location filename="../src/gui/ProviderFieldsWidget.cpp" line="144"/>
        <source>Required, e.g. http://127.0.0.1:11434</source>
        <translation>必填，例如 http://127.0.0.1:11434</translation>
    </message>
    <message>
        <location filename="../src/gui/ProviderFieldsWidget.cpp" line="146"/>
        <source>Default address: %1</source>
        <translation>默认地址：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/ProviderFieldsWidget.cpp" line="147"/>
        <source>Leave empty to use %1</source>
        <translation>留空则使用 %1</translation>
    </message>
    <message>
        <location filename="../src/gui/ProviderFieldsWidget.cpp" line="161"/>
        <source>No key (local servers only)</source>
        <translation>无密钥（仅限本地服务器）</translation>
    </message>
    <message>
        <location filename="../src/gui/ProviderFieldsWidget.cpp" line="174"/>
        <source>Custom auth (edit it on the JSON tab)</source>
        <translation>自定义认证（在 JSON 标签页中编辑）</translation>
    </message>
    <message>
        <location filename="../src/gui/ProviderFieldsWidget.cpp" line="195"/>
        <source>No key is sent. Pick a credential, or make one with “New credential…”.</source>
        <translation>不会发送密钥。请选择一个凭据，或通过“新建凭据…”创建。</translation>
    </message>
    <message>
        <location filename="../src/gui/ProviderFieldsWidget.cpp" line="201"/>
        <source>This auth has several values or literal text; it is kept as it is.</source>
        <translation>此认证包含多个值或明文内容，将保持原样。</translation>
    </message>
    <message>
        <location filename="../src/gui/ProviderFieldsWidget.cpp" line="207"/>
        <source>Read from the environment variable when a request is made.</source>
        <translation>发出请求时从环境变量读取。</translation>
    </message>
    <message>
        <location filename="../src/gui/ProviderFieldsWidget.cpp" line="214"/>
        <source>There is no credential named “%1”: add it on the Credentials page.</source>
        <translation>没有名为“%1”的凭据：请在“凭据”页添加。</translation>
    </message>
    <message>
        <location filename="../src/gui/ProviderFieldsWidget.cpp" line="222"/>
        <source>Held in memory for this run only.</source>
        <translation>仅在本次运行期间保存在内存中。</translation>
    </message>
    <message>
        <location filename="../src/gui/ProviderFieldsWidget.cpp" line="223"/>
        <source>Stored in the keychain.</source>
        <translation>已存入钥匙串。</translation>
    </message>
    <message>
        <location filename="../src/gui/ProviderFieldsWidget.cpp" line="227"/>
        <source>The key is being read from the keychain…</source>
        <translation>正在从钥匙串读取密钥…</translation>
    </message>
</context>
<context>
    <name>gatehouse::Providers</name>
    <message>
        <location filename="../src/core/Providers.cpp" line="35"/>
        <source>OpenAI-compatible server</source>
        <translation>OpenAI 兼容服务器</translation>
    </message>
</context>
<context>
    <name>gatehouse::PublishDialog</name>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="26"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="102"/>
        <source>The cluster address could not be remembered: %1</source>
        <translation>无法记住集群地址：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="107"/>
        <source>The admin key is used for now but could not be kept in the keychain: %1</source>
        <translation>管理密钥本次可以使用，但无法保存到钥匙串：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="142"/>
        <source>The form changed: preview again before publishing.</source>
        <translation>表单已更改：请在发布前重新预览。</translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="152"/>
        <source>Enter the cluster&apos;s Admin API address, e.g. http://127.0.0.1:9180.</source>
        <translation>请输入集群的管理 API 地址，例如 http://127.0.0.1:9180。</translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="154"/>
        <source>Enter the cluster&apos;s admin key (APISIX: deployment.admin.admin_key in config.yaml).</source>
        <translation>请输入集群的管理密钥（APISIX：config.yaml 中的 deployment.admin.admin_key）。</translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="157"/>
        <source>Tick at least one route to publish.</source>
        <translation>请至少勾选一条要发布的路由。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/PublishDialog.cpp" line="178"/>
        <source>Reading %n route(s) from the cluster…</source>
        <translation>
            <numerusform>正在从集群读取 %n 条路由…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="188"/>
        <source>The cluster must set these environment variables:</source>
        <translation>集群需要设置以下环境变量：</translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="194"/>
        <source>warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="207"/>
        <source>%1 new, %2 changed, %3 unchanged.</source>
        <translation>新增 %1 条，更改 %2 条，未变 %3 条。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/PublishDialog.cpp" line="210"/>
        <source>%n route(s) could not be read from the cluster; see above.</source>
        <translation>
            <numerusform>有 %n 条路由无法从集群读取；详见上方。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/PublishDialog.cpp" line="213"/>
        <source>Publish sends the %n new or changed route(s).</source>
        <translation>
            <numerusform>“发布”将发送 %n 条新增或更改的路由。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="216"/>
        <source>Nothing to send.</source>
        <translation>没有需要发送的内容。</translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="227"/>
        <source>Preview first.</source>
        <translation>请先预览。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/PublishDialog.cpp" line="233"/>
        <source>Publishing %n route(s)…</source>
        <translation>
            <numerusform>正在发布 %n 条路由…</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="239"/>
        <source>Published:</source>
        <translation>已发布：</translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="243"/>
        <source>not sent</source>
        <translation>未发送</translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="244"/>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/PublishDialog.cpp" line="248"/>
        <source>The cluster holds %n route(s) as previewed.</source>
        <translation>
            <numerusform>集群中的 %n 条路由已与预览一致。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/PublishDialog.cpp" line="249"/>
        <source>%1 of %2 route(s) were not published; see above.</source>
        <translation>%2 条路由中有 %1 条未发布；详见上方。</translation>
    </message>
</context>
<context>
    <name>gatehouse::RouteEditor</name>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="105"/>
        <source>Weighted round robin</source>
        <translation>加权轮询</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="106"/>
        <source>Consistent hash</source>
        <translation>一致性哈希</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="410"/>
        <location filename="../src/gui/RouteEditor.cpp" line="592"/>
        <source>Instance “%1”</source>
        <translation>实例“%1”</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="677"/>
        <source>One provider now: “%1” is kept. The other instances come back if you switch again before saving.</source>
        <translation>现在为单个服务商：保留“%1”。保存前再切换回来，其他实例会恢复。</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="700"/>
        <source>a route with the id “%1” exists already: pick another id, or edit that route</source>
        <translation>已存在 ID 为“%1”的路由：请换一个 ID，或编辑那条路由</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="717"/>
        <source>&lt;h2&gt;New route&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;新建路由&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="718"/>
        <source>&lt;h2&gt;Route “%1”&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;路由“%1”&lt;/h2&gt;</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="819"/>
        <location filename="../src/gui/RouteEditor.cpp" line="822"/>
        <location filename="../src/gui/RouteEditor.cpp" line="824"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="819"/>
        <source>instance %1</source>
        <translation>实例 %1</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="964"/>
        <source>Swapped: “%1” now has priority %2 and is tried first. Save to keep it.</source>
        <translation>已交换：“%1”的优先级现在为 %2，将首先尝试。保存后生效。</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="1021"/>
        <source>Line %1, column %2: %3. The form keeps the last version that read correctly.</source>
        <translation>第 %1 行，第 %2 列：%3。表单保留最后一个能正确解析的版本。</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="1026"/>
        <source>Line 1: a route is a JSON object, { … }.</source>
        <translation>第 1 行：路由应为 JSON 对象 { … }。</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="1058"/>
        <source>Line %1: %2</source>
        <translation>第 %1 行：%2</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="1094"/>
        <source>Not saved: the JSON tab does not read as JSON. Fix the line it points at.</source>
        <translation>未保存：JSON 标签页的内容不是有效的 JSON。请修正所指出的行。</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/RouteEditor.cpp" line="1102"/>
        <source>Not saved: fix the %n problem(s) marked in red.</source>
        <translation>
            <numerusform>未保存：请修正标为红色的 %n 个问题。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="1113"/>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="1130"/>
        <source>Saved. The proxy uses it from the next request.</source>
        <translation>已保存。代理从下一个请求起使用它。</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="1131"/>
        <source>Saved, with a note: %1</source>
        <translation>已保存，附注：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="1147"/>
        <source>Reverted to the saved version.</source>
        <translation>已还原为保存的版本。</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="1156"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteEditor.cpp" line="1157"/>
        <source>The route “%1” has changes that are not saved. Save them?</source>
        <translation>路由“%1”有未保存的更改。是否保存？</translation>
    </message>
</context>
<context>
    <name>gatehouse::RouteListModel</name>
    <message>
        <location filename="../src/gui/RouteListModel.cpp" line="32"/>
        <source>Single provider</source>
        <translation>单个服务商</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteListModel.cpp" line="32"/>
        <source>With fallback</source>
        <translation>带故障切换</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteListModel.cpp" line="42"/>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteListModel.cpp" line="42"/>
        <source>Disabled</source>
        <translation>已禁用</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/RouteListModel.cpp" line="92"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 条警告</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/RouteListModel.cpp" line="102"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteListModel.cpp" line="104"/>
        <source>Paths</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteListModel.cpp" line="106"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteListModel.cpp" line="108"/>
        <source>Tried in this order</source>
        <translation>尝试顺序</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteListModel.cpp" line="110"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../src/gui/RouteListModel.cpp" line="112"/>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
</context>
<context>
    <name>gatehouse::RoutesPage</name>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="132"/>
        <source>Delete route</source>
        <translation>删除路由</translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="133"/>
        <source>Delete the route “%1”? The proxy stops answering on its paths at once.</source>
        <translation>删除路由“%1”？代理将立即停止响应其路径。</translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="137"/>
        <source>Deleted the route “%1”.</source>
        <translation>已删除路由“%1”。</translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="166"/>
        <source>Nothing was imported: %1</source>
        <translation>未导入任何内容：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="176"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/RoutesPage.cpp" line="178"/>
        <source>Imported %n route(s).</source>
        <translation>
            <numerusform>已导入 %n 条路由。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="180"/>
        <source>Not imported: %1</source>
        <translation>未导入：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="188"/>
        <source>Import routes</source>
        <translation>导入路由</translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="189"/>
        <source>JSON files (*.json);;All files (*)</source>
        <translation>JSON 文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="194"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="204"/>
        <source>Admin API JSON, for Gatehouse (*.json)</source>
        <translation>管理 API JSON，用于 Gatehouse (*.json)</translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="205"/>
        <source>APISIX standalone (*.yaml)</source>
        <translation>APISIX 独立模式 (*.yaml)</translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="206"/>
        <source>curl script for an Admin API (*.sh)</source>
        <translation>调用管理 API 的 curl 脚本 (*.sh)</translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="209"/>
        <source>Export routes</source>
        <translation>导出路由</translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="227"/>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/RoutesPage.cpp" line="230"/>
        <source>Exported %n route(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 条路由导出到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/gui/RoutesPage.cpp" line="235"/>
        <source>Keys are not in the file: set %1 where the routes run.</source>
        <translation>文件中不含密钥：请在运行这些路由的环境中设置 %1。</translation>
    </message>
</context>
<context>
    <name>gatehouse::SettingsPage</name>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="25"/>
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="26"/>
        <source>The system&apos;s proxy settings</source>
        <translation>系统代理设置</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="27"/>
        <source>This proxy:</source>
        <translation>指定代理：</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="28"/>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="29"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="30"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="31"/>
        <source>The system&apos;s language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="56"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="56"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="60"/>
        <source>The admin key is on the clipboard.</source>
        <translation>管理密钥已复制到剪贴板。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="65"/>
        <source>Regenerate the admin key</source>
        <translation>重新生成管理密钥</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="66"/>
        <source>Make a new Admin API key? Scripts and tools using the current key stop working until they get the new one.</source>
        <translation>生成新的管理 API 密钥？使用当前密钥的脚本和工具在换上新密钥之前将无法工作。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="71"/>
        <source>A new admin key is in use.</source>
        <translation>新的管理密钥已启用。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="90"/>
        <source>Set by --listen on the command line.</source>
        <translation>由命令行参数 --listen 设置。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="97"/>
        <source>Set by --admin-listen on the command line.</source>
        <translation>由命令行参数 --admin-listen 设置。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="125"/>
        <source>Set by --admin-key or GATEHOUSE_ADMIN_KEY; change it there.</source>
        <translation>由 --admin-key 或 GATEHOUSE_ADMIN_KEY 设置；请在那里修改。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="127"/>
        <source>Reading the key from the keychain…</source>
        <translation>正在从钥匙串读取密钥…</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="129"/>
        <source>Kept for this run only: %1</source>
        <translation>仅在本次运行期间保留：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="132"/>
        <source>Send it as the X-API-KEY header to http://%1/apisix/admin/routes. It is kept in the keychain.</source>
        <translation>请求 http://%1/apisix/admin/routes 时，将它作为 X-API-KEY 请求头发送。它保存在钥匙串中。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="146"/>
        <source>✖ Use HOST:PORT, e.g. 127.0.0.1:9080.</source>
        <translation>✖ 请使用“主机:端口”格式，例如 127.0.0.1:9080。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="156"/>
        <source>✖ Use HOST:PORT, e.g. 127.0.0.1:7080.</source>
        <translation>✖ 请使用“主机:端口”格式，例如 127.0.0.1:7080。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="179"/>
        <source>✖ Not an origin: %1. Use scheme://host[:port], e.g. http://localhost:3000.</source>
        <translation>✖ 不是有效的来源：%1。请使用“协议://主机[:端口]”格式，例如 http://localhost:3000。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="186"/>
        <source>One per line. Web pages from other origins cannot call the proxy; tools outside a browser are not affected.</source>
        <translation>每行一个。来自其他来源的网页无法调用代理；浏览器之外的工具不受影响。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="208"/>
        <source>Type the proxy&apos;s address.</source>
        <translation>请输入代理地址。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="233"/>
        <source>Not applied: fix what is marked in red.</source>
        <translation>未应用：请修正标为红色的项。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="240"/>
        <source>Not applied: %1</source>
        <translation>未应用：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="246"/>
        <source>Applied.</source>
        <translation>已应用。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="249"/>
        <source>The proxy could not start: %1</source>
        <translation>代理无法启动：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="251"/>
        <source>The proxy now listens on %1.</source>
        <translation>代理现在监听 %1。</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="253"/>
        <source>The Admin API could not start: %1</source>
        <translation>管理 API 无法启动：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/SettingsPage.cpp" line="255"/>
        <source>The new language shows after a restart.</source>
        <translation>新语言将在重启后生效。</translation>
    </message>
</context>
<context>
    <name>gatehouse::TrayIcon</name>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="22"/>
        <source>&amp;Open Gatehouse</source>
        <translation>打开 Gatehouse(&amp;O)</translation>
    </message>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="24"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="46"/>
        <source>Gatehouse keeps running</source>
        <translation>Gatehouse 仍在运行</translation>
    </message>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="47"/>
        <source>The proxy is still serving. Use the tray icon to open the window or quit.</source>
        <translation>代理仍在提供服务。可通过托盘图标打开窗口或退出。</translation>
    </message>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="70"/>
        <source>Proxy listening on %1</source>
        <translation>代理正在监听 %1</translation>
    </message>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="72"/>
        <source>Proxy not running: %1</source>
        <translation>代理未运行：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="74"/>
        <source>Proxy stopped</source>
        <translation>代理已停止</translation>
    </message>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="76"/>
        <source>&amp;Stop the proxy</source>
        <translation>停止代理(&amp;S)</translation>
    </message>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="77"/>
        <source>&amp;Start the proxy</source>
        <translation>启动代理(&amp;S)</translation>
    </message>
    <message>
        <location filename="../src/gui/TrayIcon.cpp" line="78"/>
        <source>Gatehouse: %1</source>
        <translation>Gatehouse：%1</translation>
    </message>
</context>
<context>
    <name>gatehouse::UsageDashboardPage</name>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="74"/>
        <source>Usage chart</source>
        <translation>用量图表</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="86"/>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="87"/>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="88"/>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="89"/>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="91"/>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="123"/>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="133"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="92"/>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="93"/>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="174"/>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="94"/>
        <source>Instance</source>
        <translation>实例</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="95"/>
        <source>Tokens</source>
        <translation>Token 数</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="96"/>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="125"/>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="97"/>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="98"/>
        <source>Hourly</source>
        <translation>按小时</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="99"/>
        <source>Daily</source>
        <translation>按天</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="123"/>
        <source>Requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="123"/>
        <source>Errors</source>
        <translation>错误数</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="124"/>
        <source>Prompt tokens</source>
        <translation>输入 token</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="124"/>
        <source>Completion tokens</source>
        <translation>输出 token</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="124"/>
        <source>Cached tokens</source>
        <translation>缓存 token</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="133"/>
        <source>Input $/M</source>
        <translation>输入 $/百万</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="133"/>
        <source>Output $/M</source>
        <translation>输出 $/百万</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="133"/>
        <source>Cached input $/M</source>
        <translation>缓存输入 $/百万</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="174"/>
        <source>Applies to</source>
        <translation>适用于</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="174"/>
        <source>Limit</source>
        <translation>额度</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="175"/>
        <source>Used</source>
        <translation>已用</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="175"/>
        <source>Resets</source>
        <translation>重置时间</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="175"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="271"/>
        <source>The usage ledger is not open, so there is nothing to show. See the log for why.</source>
        <translation>用量账本未打开，因此没有可显示的内容。原因请查看日志。</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="311"/>
        <source>&lt;b&gt;%1&lt;/b&gt; requests · &lt;b&gt;%2&lt;/b&gt; tokens (%3 in, %4 out, %5 cached) · &lt;b&gt;%6&lt;/b&gt; · %7 errors</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 个请求 · &lt;b&gt;%2&lt;/b&gt; token（输入 %3，输出 %4，缓存 %5）· &lt;b&gt;%6&lt;/b&gt; · %7 个错误</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="373"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="399"/>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="469"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="434"/>
        <source>No requests in this range yet.</source>
        <translation>此时间范围内还没有请求。</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="436"/>
        <source>Cost per %1 (US dollars)</source>
        <translation>每%1费用（美元）</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="437"/>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="439"/>
        <source>hour</source>
        <translation>小时</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="437"/>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="439"/>
        <source>day</source>
        <translation>天</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="438"/>
        <source>Tokens per %1</source>
        <translation>每%1 token 数</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="470"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="490"/>
        <source>Export usage as CSV</source>
        <translation>将用量导出为 CSV</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="490"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="512"/>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="513"/>
        <source>Could not save %1: %2. Pick another folder.</source>
        <translation>无法保存 %1：%2。请选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="557"/>
        <source>Unsaved changes.</source>
        <translation>有未保存的更改。</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="579"/>
        <source>“%1” for %2 is not a price: use a number such as 0.27.</source>
        <translation>%2 的“%1”不是有效价格：请使用数字，例如 0.27。</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="592"/>
        <source>Could not save the prices: %1</source>
        <translation>无法保存价格：%1</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="597"/>
        <source>Saved. New requests are priced with these.</source>
        <translation>已保存。新请求将按这些价格计费。</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="616"/>
        <source>the whole route</source>
        <translation>整条路由</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="619"/>
        <source>%1 of %2 (%3%)</source>
        <translation>%1 / %2（%3%）</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="625"/>
        <source>Used up: requests get %1</source>
        <translation>已用完：请求将收到 %1</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="626"/>
        <source>Nearly used up</source>
        <translation>即将用完</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="627"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="638"/>
        <source>No route has a budget. Add a label such as &lt;code&gt;gatehouse.budget.daily_tokens&lt;/code&gt; = &lt;code&gt;100000&lt;/code&gt; or &lt;code&gt;gatehouse.budget.monthly_cost_usd&lt;/code&gt; = &lt;code&gt;5&lt;/code&gt; to a route (the route editor&apos;s JSON tab), or APISIX&apos;s &lt;code&gt;ai-rate-limiting&lt;/code&gt; plugin. When a budget is used up the route answers 429 with a sentence saying when it resets.</source>
        <translation>还没有路由设置预算。可以为路由添加标签，例如 &lt;code&gt;gatehouse.budget.daily_tokens&lt;/code&gt; = &lt;code&gt;100000&lt;/code&gt; 或 &lt;code&gt;gatehouse.budget.monthly_cost_usd&lt;/code&gt; = &lt;code&gt;5&lt;/code&gt;（在路由编辑器的 JSON 标签页中），或使用 APISIX 的 &lt;code&gt;ai-rate-limiting&lt;/code&gt; 插件。预算用完后，路由会返回 429，并说明何时重置。</translation>
    </message>
    <message>
        <location filename="../src/gui/UsageDashboardPage.cpp" line="643"/>
        <source>Budgets come from the routes&apos; labels and their ai-rate-limiting plugin. A used up budget answers 429 until it resets.</source>
        <translation>预算来自路由的标签及其 ai-rate-limiting 插件。预算用完后将返回 429，直到重置。</translation>
    </message>
</context>
</TS>

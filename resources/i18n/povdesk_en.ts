<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="zh_CN">
  <context>
    <name>povdesk</name>
    <message>
      <source>关于 povdesk</source>
      <translation>About povdesk</translation>
    </message>
    <message>
      <source>Qt 与 psycopg 按 LGPL-3.0 以独立的共享库随程序提供，可以替换。</source>
      <translation>Qt and psycopg are shipped under LGPL-3.0 as separate shared libraries, which can be replaced.</translation>
    </message>
    <message>
      <source>组成部分</source>
      <translation>Component</translation>
    </message>
    <message>
      <source>版本</source>
      <translation>Version</translation>
    </message>
    <message>
      <source>许可证</source>
      <translation>Licence</translation>
    </message>
    <message>
      <source>精准扶贫驻村工作台 povdesk
版本：{0}
提交：{1}
构建日期：{2}</source>
      <translation>povdesk village poverty-alleviation work desk
Version: {0}
Commit: {1}
Built: {2}</translation>
    </message>
    <message>
      <source>数据库文件已损坏，povdesk 不会向其写入任何内容。
最近一份完好的备份：{0}
现在从这份备份恢复吗？（损坏的文件会原样保留一份。）</source>
      <translation>The database file is damaged; povdesk writes nothing to it.
The newest good backup: {0}
Restore this backup now? (The damaged file is kept as it is.)</translation>
    </message>
    <message>
      <source>添加照片或文件…</source>
      <translation>Add photos or files…</translation>
    </message>
    <message>
      <source>打开</source>
      <translation>Open</translation>
    </message>
    <message>
      <source>另存为…</source>
      <translation>Save as…</translation>
    </message>
    <message>
      <source>删除</source>
      <translation>Delete</translation>
    </message>
    <message>
      <source>照片 (*.jpg *.jpeg *.png *.heic);;所有文件 (*)</source>
      <translation>Photos (*.jpg *.jpeg *.png *.heic);;All files (*)</translation>
    </message>
    <message>
      <source>照片与附件</source>
      <translation>Photos and attachments</translation>
    </message>
    <message>
      <source>删除附件 {0}？</source>
      <translation>Delete the attachment {0}?</translation>
    </message>
    <message>
      <source>当前数据库已损坏，无法列出将丢失的修改；恢复前会原样保留一份。</source>
      <translation>The current database is damaged, so the changes lost cannot be listed; a copy of it is kept as it is before restoring.</translation>
    </message>
    <message>
      <source>当前数据会先保留为一份备份。确定恢复吗？</source>
      <translation>The current data is kept as a backup first. Restore?</translation>
    </message>
    <message>
      <source>注意：这份备份来自另一个数据库。</source>
      <translation>Note: this backup was made of a different database.</translation>
    </message>
    <message>
      <source>恢复不会丢失任何修改。</source>
      <translation>Restoring loses no change.</translation>
    </message>
    <message>
      <source>立即备份</source>
      <translation>Back up now</translation>
    </message>
    <message>
      <source>备份到U盘…</source>
      <translation>Back up to a USB stick…</translation>
    </message>
    <message>
      <source>从所选备份恢复…</source>
      <translation>Restore the chosen backup…</translation>
    </message>
    <message>
      <source>povdesk 每天、关闭窗口时和每次导入前自动备份，保留最近 7 天每天一份、之前 4 周每周一份。备份到U盘的副本用密码加密，U盘丢失也不会泄露数据。</source>
      <translation>povdesk backs up by itself every day, when the window closes and before every import, keeping one a day for the last 7 days and one a week for the 4 weeks before. Copies on a USB stick are encrypted with a passphrase, so a lost stick leaks nothing.</translation>
    </message>
    <message>
      <source>选择U盘或文件夹</source>
      <translation>Choose a USB stick or folder</translation>
    </message>
    <message>
      <source>手动备份</source>
      <translation>Made by hand</translation>
    </message>
    <message>
      <source>每日自动备份</source>
      <translation>Daily</translation>
    </message>
    <message>
      <source>关闭时自动备份</source>
      <translation>On closing</translation>
    </message>
    <message>
      <source>导入前自动备份</source>
      <translation>Before an import</translation>
    </message>
    <message>
      <source>升级前自动备份</source>
      <translation>Before an upgrade</translation>
    </message>
    <message>
      <source>恢复前保留的原数据</source>
      <translation>Kept before a restore</translation>
    </message>
    <message>
      <source>已损坏的原文件</source>
      <translation>Damaged original</translation>
    </message>
    <message>
      <source>时间</source>
      <translation>Time</translation>
    </message>
    <message>
      <source>类别</source>
      <translation>Category</translation>
    </message>
    <message>
      <source>大小</source>
      <translation>Size</translation>
    </message>
    <message>
      <source>校验</source>
      <translation>Verified</translation>
    </message>
    <message>
      <source>县级服务器数据库请用 PostgreSQL 自带的备份工具备份（见使用说明）。</source>
      <translation>A county server database is backed up with PostgreSQL's own tools (pg_dump; see the README).</translation>
    </message>
    <message>
      <source>请先在表中选择一份备份。</source>
      <translation>Choose a backup in the table first.</translation>
    </message>
    <message>
      <source>恢复将丢失备份之后的 {0} 条修改：</source>
      <translation>Restoring loses {0} changes made after the backup:</translation>
    </message>
    <message>
      <source>户 {0}：{1} 条</source>
      <translation>Household {0}: {1}</translation>
    </message>
    <message>
      <source>已校验</source>
      <translation>verified</translation>
    </message>
    <message>
      <source>未校验</source>
      <translation>NOT verified</translation>
    </message>
    <message>
      <source>备份已完成并通过校验：{0}</source>
      <translation>Backup made and verified: {0}</translation>
    </message>
    <message>
      <source>已加密备份到：{0}。请牢记密码，没有密码无法恢复。</source>
      <translation>Encrypted backup written to {0}. Remember the passphrase: without it the backup cannot be restored.</translation>
    </message>
    <message>
      <source>已从备份恢复。原数据已保留为：{0}</source>
      <translation>Restored from the backup. The replaced data was kept as: {0}</translation>
    </message>
    <message>
      <source>……另有 {0} 户</source>
      <translation>…and {0} more households</translation>
    </message>
    <message>
      <source>添加干部</source>
      <translation>Add a cadre</translation>
    </message>
    <message>
      <source>编辑干部</source>
      <translation>Edit a cadre</translation>
    </message>
    <message>
      <source>请选择操作人</source>
      <translation>Who is working?</translation>
    </message>
    <message>
      <source>修改数据和打印之前，请先选择当前操作的干部。所做的修改和打印件都署这位干部的名字。</source>
      <translation>Before changing data or printing, choose the cadre who is working. Changes and printouts carry this cadre's name.</translation>
    </message>
    <message>
      <source>添加干部…</source>
      <translation>Add a cadre…</translation>
    </message>
    <message>
      <source>没有待处理的冲突。</source>
      <translation>No conflicts to resolve.</translation>
    </message>
    <message>
      <source>采用本地的值</source>
      <translation>Keep our value</translation>
    </message>
    <message>
      <source>采用对方的值</source>
      <translation>Take their value</translation>
    </message>
    <message>
      <source>采用输入的值</source>
      <translation>Use the typed value</translation>
    </message>
    <message>
      <source>户编号</source>
      <translation>Household no.</translation>
    </message>
    <message>
      <source>记录类别</source>
      <translation>Record kind</translation>
    </message>
    <message>
      <source>字段</source>
      <translation>Field</translation>
    </message>
    <message>
      <source>本地的值</source>
      <translation>Our value</translation>
    </message>
    <message>
      <source>对方的值</source>
      <translation>Their value</translation>
    </message>
    <message>
      <source>或输入正确的值</source>
      <translation>or type the right value</translation>
    </message>
    <message>
      <source>两边都改过的字段：选择保留哪个值，或输入正确的值。</source>
      <translation>Fields changed on both sides: choose the value to keep, or type the right one.</translation>
    </message>
    <message>
      <source>对方删除了这条记录，而本地改过它：保留还是删除？</source>
      <translation>The other side deleted this record and it was edited here: keep it or delete it?</translation>
    </message>
    <message>
      <source>双方上次一致的值：{0}</source>
      <translation>Value both sides last agreed on: {0}</translation>
    </message>
    <message>
      <source>各村</source>
      <translation>Villages</translation>
    </message>
    <message>
      <source>短板与重点人群</source>
      <translation>Short boards and key groups</translation>
    </message>
    <message>
      <source>资金</source>
      <translation>Funds</translation>
    </message>
    <message>
      <source>书面放行</source>
      <translation>written override</translation>
    </message>
    <message>
      <source>防返贫监测</source>
      <translation>Monitoring against return to poverty</translation>
    </message>
    <message>
      <source>点击一个村，查看其农户</source>
      <translation>Click a village to see its households</translation>
    </message>
    <message>
      <source>户数</source>
      <translation>Households</translation>
    </message>
    <message>
      <source>短板：未达标户数（按维度）</source>
      <translation>Short boards: households failing each dimension</translation>
    </message>
    <message>
      <source>按</source>
      <translation>By</translation>
    </message>
    <message>
      <source>名称</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>金额（元）</source>
      <translation>Amount</translation>
    </message>
    <message>
      <source>所在村</source>
      <translation>Village</translation>
    </message>
    <message>
      <source>日期</source>
      <translation>Date</translation>
    </message>
    <message>
      <source>干部</source>
      <translation>Cadres</translation>
    </message>
    <message>
      <source>理由</source>
      <translation>Reason</translation>
    </message>
    <message>
      <source>涉及问题</source>
      <translation>Findings covered</translation>
    </message>
    <message>
      <source>户主</source>
      <translation>Head of household</translation>
    </message>
    <message>
      <source>状态</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>人数</source>
      <translation>People</translation>
    </message>
    <message>
      <source>可退出</source>
      <translation>Ready to exit</translation>
    </message>
    <message>
      <source>阻止项</source>
      <translation>Blocking</translation>
    </message>
    <message>
      <source>短板</source>
      <translation>Short boards</translation>
    </message>
    <message>
      <source>来源</source>
      <translation>Source</translation>
    </message>
    <message>
      <source>用途</source>
      <translation>Category</translation>
    </message>
    <message>
      <source>四类重点人群（户数）：</source>
      <translation>Key groups (households): </translation>
    </message>
    <message>
      <source>低于70%</source>
      <translation>Below 70%</translation>
    </message>
    <message>
      <source>逾期措施</source>
      <translation>Overdue measures</translation>
    </message>
    <message>
      <source>逾期线索</source>
      <translation>Overdue leads</translation>
    </message>
    <message>
      <source>虚假消除</source>
      <translation>False eliminations</translation>
    </message>
    <message>
      <source>书面放行消除</source>
      <translation>Eliminations by override</translation>
    </message>
    <message>
      <source>数字更新中（{0} / {1} 个村），下面灰色的是更新前的数字</source>
      <translation>Updating the figures ({0} / {1} villages); the grey ones below are from before the update</translation>
    </message>
    <message>
      <source>有劳动力户人均纯收入低于全县农村平均 70%：{0} 户</source>
      <translation>Households with labour below 70% of the county rural average income: {0}</translation>
    </message>
    <message>
      <source>逾期未完成的帮扶措施：{0} 项</source>
      <translation>Assistance measures overdue: {0}</translation>
    </message>
    <message>
      <source>书面放行退出：{0} 户次</source>
      <translation>Exits let through by a written override: {0}</translation>
    </message>
    <message>
      <source>{0} 的农户（{1} 户）</source>
      <translation>Households of {0} ({1})</translation>
    </message>
    <message>
      <source>县本级</source>
      <translation>County level</translation>
    </message>
    <message>
      <source>是</source>
      <translation>yes</translation>
    </message>
    <message>
      <source>否</source>
      <translation>no</translation>
    </message>
    <message>
      <source>问题</source>
      <translation>Findings</translation>
    </message>
    <message>
      <source>无</source>
      <translation>None</translation>
    </message>
    <message>
      <source>状态记录</source>
      <translation>Status history</translation>
    </message>
    <message>
      <source>村代码</source>
      <translation>Village code</translation>
    </message>
    <message>
      <source>村名</source>
      <translation>Village name</translation>
    </message>
    <message>
      <source>监测对象</source>
      <translation>Monitoring objects</translation>
    </message>
    <message>
      <source>短板：</source>
      <translation>Short: </translation>
    </message>
    <message>
      <source>状态：{0}；{1} 人</source>
      <translation>Status: {0}; {1} people</translation>
    </message>
    <message>
      <source>程序</source>
      <translation>Procedure</translation>
    </message>
    <message>
      <source>类型</source>
      <translation>Type</translation>
    </message>
    <message>
      <source>乡镇审核</source>
      <translation>Township review</translation>
    </message>
    <message>
      <source>审定通过</source>
      <translation>Approve</translation>
    </message>
    <message>
      <source>不予通过</source>
      <translation>Reject</translation>
    </message>
    <message>
      <source>说明</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>放行干部</source>
      <translation>Cadre overriding</translation>
    </message>
    <message>
      <source>放行理由</source>
      <translation>Reason for the override</translation>
    </message>
    <message>
      <source>（不放行）</source>
      <translation>(no override)</translation>
    </message>
    <message>
      <source>说明（不予通过时写明原因）</source>
      <translation>Note (say why when rejecting)</translation>
    </message>
    <message>
      <source>书面放行理由</source>
      <translation>Written override reason</translation>
    </message>
    <message>
      <source>待县级审定 {0} 户</source>
      <translation>{0} households awaiting the county</translation>
    </message>
    <message>
      <source>风险消除核查</source>
      <translation>Risk-elimination check</translation>
    </message>
    <message>
      <source>其中有不能书面放行的问题。</source>
      <translation>Some of these cannot be overridden.</translation>
    </message>
    <message>
      <source>{0}；{1}；线索 {2}，乡镇审核 {3}</source>
      <translation>{0}; {1}; lead {2}, township review {3}</translation>
    </message>
    <message>
      <source>条件均已满足</source>
      <translation>All conditions met</translation>
    </message>
    <message>
      <source>走访</source>
      <translation>Visits</translation>
    </message>
    <message>
      <source>照片</source>
      <translation>Photos</translation>
    </message>
    <message>
      <source>认定退出</source>
      <translation>Certify exit</translation>
    </message>
    <message>
      <source>退回</source>
      <translation>Reject</translation>
    </message>
    <message>
      <source>理由（退回时必填，写明要补什么）</source>
      <translation>Reason (required to reject: say what is missing)</translation>
    </message>
    <message>
      <source>走访 {0} 次</source>
      <translation>{0} visits</translation>
    </message>
    <message>
      <source>待审核 {0} 户</source>
      <translation>{0} households to review</translation>
    </message>
    <message>
      <source>，最近一次 {0}</source>
      <translation>, the latest on {0}</translation>
    </message>
    <message>
      <source>退出核查</source>
      <translation>Exit checklist</translation>
    </message>
    <message>
      <source>{0} {1}：{2}（涉及：{3}）</source>
      <translation>{0} {1}: {2} (covers: {3})</translation>
    </message>
    <message>
      <source>书面放行（已记录）</source>
      <translation>Written overrides (on record)</translation>
    </message>
    <message>
      <source>照片 {0} 张</source>
      <translation>{0} photos</translation>
    </message>
    <message>
      <source>{0} 人；{1} 提出拟退出</source>
      <translation>{0} people; proposed for exit on {1}</translation>
    </message>
    <message>
      <source>{0} 人</source>
      <translation>{0} people</translation>
    </message>
    <message>
      <source>抽取</source>
      <translation>Draw</translation>
    </message>
    <message>
      <source>随机种子（同种子同结果）</source>
      <translation>Seed (the same seed, the same draw)</translation>
    </message>
    <message>
      <source>抽查范围</source>
      <translation>Draw from</translation>
    </message>
    <message>
      <source>已脱贫户</source>
      <translation>Exited households</translation>
    </message>
    <message>
      <source>风险消除户</source>
      <translation>Risk-eliminated households</translation>
    </message>
    <message>
      <source>已脱贫户和风险消除户</source>
      <translation>Exited and risk-eliminated households</translation>
    </message>
    <message>
      <source>可抽户数</source>
      <translation>Households to draw from</translation>
    </message>
    <message>
      <source>抽取户数</source>
      <translation>Drawn</translation>
    </message>
    <message>
      <source>次</source>
      <translation>Draw no.</translation>
    </message>
    <message>
      <source>抽取人</source>
      <translation>Drawn by</translation>
    </message>
    <message>
      <source>种子</source>
      <translation>Seed</translation>
    </message>
    <message>
      <source>比例</source>
      <translation>Percent</translation>
    </message>
    <message>
      <source>本次抽取</source>
      <translation>This draw</translation>
    </message>
    <message>
      <source>历次抽查</source>
      <translation>Earlier draws</translation>
    </message>
    <message>
      <source>还没有已脱贫户，无可抽查。</source>
      <translation>No household has exited yet: nothing to check.</translation>
    </message>
    <message>
      <source>抽查比例（至少 {0}%）</source>
      <translation>Sample (at least {0}%)</translation>
    </message>
    <message>
      <source>上一页</source>
      <translation>Previous page</translation>
    </message>
    <message>
      <source>下一页</source>
      <translation>Next page</translation>
    </message>
    <message>
      <source>上一页（Alt+PgUp）</source>
      <translation>Previous page (Alt+PgUp)</translation>
    </message>
    <message>
      <source>下一页（Alt+PgDown）</source>
      <translation>Next page (Alt+PgDown)</translation>
    </message>
    <message>
      <source>第 {0} / {1} 页</source>
      <translation>Page {0} of {1}</translation>
    </message>
    <message>
      <source> 天</source>
      <translation> days</translation>
    </message>
    <message>
      <source>导入文件夹…</source>
      <translation>Import a folder…</translation>
    </message>
    <message>
      <source>导出回传包…</source>
      <translation>Export a return bundle…</translation>
    </message>
    <message>
      <source>取消</source>
      <translation>Cancel</translation>
    </message>
    <message>
      <source>选择存放数据包的文件夹或U盘</source>
      <translation>Choose the folder or USB stick with the bundles</translation>
    </message>
    <message>
      <source>正在导入…</source>
      <translation>Importing…</translation>
    </message>
    <message>
      <source>（已取消，其余文件未导入）</source>
      <translation> (cancelled; the other files were not imported)</translation>
    </message>
    <message>
      <source>已导入</source>
      <translation>Imported</translation>
    </message>
    <message>
      <source>已导入过</source>
      <translation>Already imported</translation>
    </message>
    <message>
      <source>拒绝</source>
      <translation>Refused</translation>
    </message>
    <message>
      <source>超过多少天未报送算沉寂：</source>
      <translation>Silent after this many days without a bundle:</translation>
    </message>
    <message>
      <source>最新包号</source>
      <translation>Last bundle no.</translation>
    </message>
    <message>
      <source>缺号</source>
      <translation>Missing nos.</translation>
    </message>
    <message>
      <source>包制作日期</source>
      <translation>Bundle made</translation>
    </message>
    <message>
      <source>最近收到</source>
      <translation>Last received</translation>
    </message>
    <message>
      <source>距今天数</source>
      <translation>Days since</translation>
    </message>
    <message>
      <source>文件</source>
      <translation>File</translation>
    </message>
    <message>
      <source>结果</source>
      <translation>Result</translation>
    </message>
    <message>
      <source>共 {0} 个文件：导入 {1}，已导入过 {2}，拒绝 {3}</source>
      <translation>{0} files: {1} imported, {2} already imported, {3} refused</translation>
    </message>
    <message>
      <source>{0} 个村超过 {1} 天未报送（红色）</source>
      <translation>{0} villages sent nothing for over {1} days (in red)</translation>
    </message>
    <message>
      <source>从未</source>
      <translation>Never</translation>
    </message>
    <message>
      <source>第 {0} 号，涉及 {1} 户，冲突 {2} 处</source>
      <translation>No. {0}, {1} households, {2} conflicts</translation>
    </message>
    <message>
      <source>退出</source>
      <translation>Quit</translation>
    </message>
    <message>
      <source>导出 Excel 报表</source>
      <translation>Export the Excel report</translation>
    </message>
    <message>
      <source>Excel 工作簿 (*.xlsx)</source>
      <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
      <source>正在生成报表…</source>
      <translation>Making the report…</translation>
    </message>
    <message>
      <source>povdesk 县扶贫办工作台</source>
      <translation>povdesk county office</translation>
    </message>
    <message>
      <source>村</source>
      <translation>Villages</translation>
    </message>
    <message>
      <source>审核</source>
      <translation>Review</translation>
    </message>
    <message>
      <source>监测审定</source>
      <translation>Monitoring decisions</translation>
    </message>
    <message>
      <source>冲突</source>
      <translation>Conflicts</translation>
    </message>
    <message>
      <source>抽查</source>
      <translation>Spot checks</translation>
    </message>
    <message>
      <source>概况</source>
      <translation>Overview</translation>
    </message>
    <message>
      <source>导出 Excel 报表…</source>
      <translation>Export the Excel report…</translation>
    </message>
    <message>
      <source>刷新</source>
      <translation>Refresh</translation>
    </message>
    <message>
      <source>密钥与信任…</source>
      <translation>Keys and trust…</translation>
    </message>
    <message>
      <source>设置…</source>
      <translation>Settings…</translation>
    </message>
    <message>
      <source>关于</source>
      <translation>About</translation>
    </message>
    <message>
      <source>已写入报表 {0}：{1} 个村，{2} 户</source>
      <translation>Wrote the report {0}: {1} villages, {2} households</translation>
    </message>
    <message>
      <source>近一年走访（次）</source>
      <translation>Visits in the last year</translation>
    </message>
    <message>
      <source>防返贫监测（户）</source>
      <translation>Monitoring against return to poverty (households)</translation>
    </message>
    <message>
      <source>数字待更新：{0} 户为标准或日期变更前的核查结果，状态栏显示重新核查的进度。</source>
      <translation>To be updated: {0} households show results from before the standards or the date changed; the status bar shows the re-check's progress.</translation>
    </message>
    <message>
      <source>资金合计 </source>
      <translation>Funds in all </translation>
    </message>
    <message>
      <source>达到退出标准</source>
      <translation>Meets the exit standard</translation>
    </message>
    <message>
      <source>按状态（户）</source>
      <translation>By status</translation>
    </message>
    <message>
      <source>退出与核查</source>
      <translation>Exits and checks</translation>
    </message>
    <message>
      <source>短板（户）</source>
      <translation>Shortfalls</translation>
    </message>
    <message>
      <source>四类重点群体（户）</source>
      <translation>Key groups (households)</translation>
    </message>
    <message>
      <source>按用途（元）</source>
      <translation>By use (yuan)</translation>
    </message>
    <message>
      <source>预警对象</source>
      <translation>Candidates</translation>
    </message>
    <message>
      <source>逾期未识别</source>
      <translation>Leads overdue</translation>
    </message>
    <message>
      <source>人均收入低于参考收入 70%</source>
      <translation>Income below 70% of reference</translation>
    </message>
    <message>
      <source>未达到退出标准</source>
      <translation>Does not meet the exit standard</translation>
    </message>
    <message>
      <source>年度</source>
      <translation>Year</translation>
    </message>
    <message>
      <source>家庭纯收入（元）</source>
      <translation>Net income (yuan)</translation>
    </message>
    <message>
      <source>人均纯收入（元）</source>
      <translation>Per capita (yuan)</translation>
    </message>
    <message>
      <source>扶贫标准（元）</source>
      <translation>Poverty line (yuan)</translation>
    </message>
    <message>
      <source>是否高于标准</source>
      <translation>Above the line</translation>
    </message>
    <message>
      <source>参考收入 70%</source>
      <translation>70% of reference</translation>
    </message>
    <message>
      <source>内容</source>
      <translation>Content</translation>
    </message>
    <message>
      <source>计划完成</source>
      <translation>Due</translation>
    </message>
    <message>
      <source>凭证号</source>
      <translation>Voucher</translation>
    </message>
    <message>
      <source>摘要</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>走访干部</source>
      <translation>Cadres</translation>
    </message>
    <message>
      <source>发现问题</source>
      <translation>Findings</translation>
    </message>
    <message>
      <source>下一步措施</source>
      <translation>Next steps</translation>
    </message>
    <message>
      <source>决定人</source>
      <translation>Decided by</translation>
    </message>
    <message>
      <source>放行</source>
      <translation>Override</translation>
    </message>
    <message>
      <source>能否退出待定：缺少本年度标准（见窗口顶部的提示）</source>
      <translation>Exit pending: this year's standard is missing (see the note at the top of the window)</translation>
    </message>
    <message>
      <source>两不愁三保障及饮水安全</source>
      <translation>Checklist: food, clothing, education, medical care, housing, water</translation>
    </message>
    <message>
      <source>家庭成员</source>
      <translation>Members</translation>
    </message>
    <message>
      <source>未超过标准</source>
      <translation>not above</translation>
    </message>
    <message>
      <source>高于标准</source>
      <translation>above</translation>
    </message>
    <message>
      <source>达到</source>
      <translation>reached</translation>
    </message>
    <message>
      <source>未达到</source>
      <translation>not reached</translation>
    </message>
    <message>
      <source>收入</source>
      <translation>Income</translation>
    </message>
    <message>
      <source>帮扶措施</source>
      <translation>Measures</translation>
    </message>
    <message>
      <source>户主确认</source>
      <translation>Acknowledged</translation>
    </message>
    <message>
      <source>资金台账</source>
      <translation>Fund ledger</translation>
    </message>
    <message>
      <source>走访记录</source>
      <translation>Visits</translation>
    </message>
    <message>
      <source>状态变化</source>
      <translation>Status history</translation>
    </message>
    <message>
      <source>一般农户不按退出标准逐项核查；监测中的户见下方防返贫监测记录。</source>
      <translation>An ordinary household is not checked item by item against the exit standard; for a monitored household see its monitoring record below.</translation>
    </message>
    <message>
      <source>全部问题</source>
      <translation>Other findings</translation>
    </message>
    <message>
      <source>未录入收入</source>
      <translation>No income recorded</translation>
    </message>
    <message>
      <source>尚无走访记录</source>
      <translation>No visits yet</translation>
    </message>
    <message>
      <source>合计</source>
      <translation>Total</translation>
    </message>
    <message>
      <source>书面放行理由（至少10个字）</source>
      <translation>Written reason for an override (10+ characters)</translation>
    </message>
    <message>
      <source>提出风险消除</source>
      <translation>Propose risk elimination</translation>
    </message>
    <message>
      <source>书面放行并提出</source>
      <translation>Override in writing and propose</translation>
    </message>
    <message>
      <source>评议日期</source>
      <translation>Review date</translation>
    </message>
    <message>
      <source>风险消除条件均已满足，可以提出。</source>
      <translation>Every condition for risk elimination holds; it can be proposed.</translation>
    </message>
    <message>
      <source>以下原因已有书面放行，可以提出。</source>
      <translation>The reasons below have a written override; it can be proposed.</translation>
    </message>
    <message>
      <source>不能提出风险消除，原因如下；确有实情的，可由干部书面放行。</source>
      <translation>Risk elimination cannot be proposed, for the reasons below; where the facts justify it, a cadre may override in writing.</translation>
    </message>
    <message>
      <source>不能提出风险消除，原因如下；这些原因不能书面放行。</source>
      <translation>Risk elimination cannot be proposed, for the reasons below; these cannot be overridden.</translation>
    </message>
    <message>
      <source>解除加密后，数据库、附件和备份都将不再加密：笔记本电脑丢失或被盗时，任何人都能读取农户信息。原恢复密钥将作废。确定解除加密吗？</source>
      <translation>Without encryption the database, its attachments and backups are no longer encrypted: if the laptop is lost or stolen, anyone can read the households' data. The recovery key will no longer be valid. Remove the encryption?</translation>
    </message>
    <message>
      <source>新口令</source>
      <translation>New passphrase</translation>
    </message>
    <message>
      <source>再输入一次新口令</source>
      <translation>New passphrase again</translation>
    </message>
    <message>
      <source>数据库加密</source>
      <translation>Database encryption</translation>
    </message>
    <message>
      <source>加密数据库…</source>
      <translation>Encrypt the database…</translation>
    </message>
    <message>
      <source>更改口令…</source>
      <translation>Change the passphrase…</translation>
    </message>
    <message>
      <source>解除加密…</source>
      <translation>Remove the encryption…</translation>
    </message>
    <message>
      <source>加密后，没有口令或恢复密钥就无法读取数据库、附件和备份：笔记本电脑丢失或被盗，农户信息也不会泄露。每次打开 povdesk 需要输入口令。</source>
      <translation>Once encrypted, the database, its attachments and backups cannot be read without the passphrase or the recovery key: a lost or stolen laptop does not give away the households' data. povdesk asks for the passphrase each time it opens.</translation>
    </message>
    <message>
      <source>已加密</source>
      <translation>Encrypted</translation>
    </message>
    <message>
      <source>加密数据库</source>
      <translation>Encrypt the database</translation>
    </message>
    <message>
      <source>正在加密数据库、附件和备份，请稍候，不要关闭窗口……</source>
      <translation>Encrypting the database, attachments and backups; please wait and keep the window open…</translation>
    </message>
    <message>
      <source>更改口令</source>
      <translation>Change the passphrase</translation>
    </message>
    <message>
      <source>口令已更改。恢复密钥不变，仍然有效。</source>
      <translation>The passphrase was changed. The recovery key is unchanged and still valid.</translation>
    </message>
    <message>
      <source>正在解除加密，请稍候，不要关闭窗口……</source>
      <translation>Removing the encryption; please wait and keep the window open…</translation>
    </message>
    <message>
      <source>两次输入的新口令不一致，请再输入一次。</source>
      <translation>The two new passphrases differ; type it again.</translation>
    </message>
    <message>
      <source>县级服务器数据库的加密由服务器负责（见使用说明）。</source>
      <translation>A county server database is encrypted by the server (see the manual).</translation>
    </message>
    <message>
      <source>未加密：失窃的电脑可被读取</source>
      <translation>Not encrypted: a stolen laptop can be read</translation>
    </message>
    <message>
      <source>数据库已加密；同时加密了之前的 {0} 份备份和 {1} 个附件。</source>
      <translation>The database is encrypted; {0} earlier backups and {1} attachments were encrypted with it.</translation>
    </message>
    <message>
      <source>已解除加密；之前的 {0} 份备份和 {1} 个附件也已解密。</source>
      <translation>The encryption was removed; {0} earlier backups and {1} attachments were decrypted too.</translation>
    </message>
    <message>
      <source>口令至少 {0} 个字符。请记住它：每次打开 povdesk 都要输入。</source>
      <translation>At least {0} characters. Remember it: povdesk asks for it each time it opens.</translation>
    </message>
    <message>
      <source>（密钥编号：{0}）</source>
      <translation> (key id: {0})</translation>
    </message>
    <message>
      <source>申报拟退出</source>
      <translation>Propose exit</translation>
    </message>
    <message>
      <source>书面放行并申报</source>
      <translation>Override and propose</translation>
    </message>
    <message>
      <source>未填</source>
      <translation>unset</translation>
    </message>
    <message>
      <source>元</source>
      <translation>yuan</translation>
    </message>
    <message>
      <source>导入花名册…</source>
      <translation>Import roster…</translation>
    </message>
    <message>
      <source>导出空白花名册模板…</source>
      <translation>Export blank roster template…</translation>
    </message>
    <message>
      <source>导出报表（Excel）…</source>
      <translation>Export report (Excel)…</translation>
    </message>
    <message>
      <source>导出花名册（Excel）…</source>
      <translation>Export roster (Excel)…</translation>
    </message>
    <message>
      <source>选择花名册</source>
      <translation>Choose a roster</translation>
    </message>
    <message>
      <source>花名册 (*.xlsx *.csv)</source>
      <translation>Roster (*.xlsx *.csv)</translation>
    </message>
    <message>
      <source>花名册模板</source>
      <translation>roster template</translation>
    </message>
    <message>
      <source>导出空白花名册模板</source>
      <translation>Export blank roster template</translation>
    </message>
    <message>
      <source>空白花名册模板</source>
      <translation>Blank roster template</translation>
    </message>
    <message>
      <source>报表</source>
      <translation>report</translation>
    </message>
    <message>
      <source>导出报表（Excel）</source>
      <translation>Export report (Excel)</translation>
    </message>
    <message>
      <source>花名册</source>
      <translation>roster</translation>
    </message>
    <message>
      <source>导出花名册（Excel）</source>
      <translation>Export roster (Excel)</translation>
    </message>
    <message>
      <source>正在导出{0}……</source>
      <translation>Exporting {0}…</translation>
    </message>
    <message>
      <source>{0}已保存：{1}</source>
      <translation>{0} saved: {1}</translation>
    </message>
    <message>
      <source>查找范围：</source>
      <translation>Look in:</translation>
    </message>
    <message>
      <source>文件类型：</source>
      <translation>Files of type:</translation>
    </message>
    <message>
      <source>文件夹：</source>
      <translation>Folder:</translation>
    </message>
    <message>
      <source>文件名：</source>
      <translation>File name:</translation>
    </message>
    <message>
      <source>保存</source>
      <translation>Save</translation>
    </message>
    <message>
      <source>选择</source>
      <translation>Choose</translation>
    </message>
    <message>
      <source>全部小组</source>
      <translation>All groups</translation>
    </message>
    <message>
      <source>全部属性</source>
      <translation>All categories</translation>
    </message>
    <message>
      <source>全部状态</source>
      <translation>All statuses</translation>
    </message>
    <message>
      <source>可否退出</source>
      <translation>Ready or not</translation>
    </message>
    <message>
      <source>全部短板</source>
      <translation>All shortfalls</translation>
    </message>
    <message>
      <source>全部人群</source>
      <translation>All key groups</translation>
    </message>
    <message>
      <source>措施逾期</source>
      <translation>Overdue measures</translation>
    </message>
    <message>
      <source>不限</source>
      <translation>any</translation>
    </message>
    <message>
      <source>未走访</source>
      <translation>No visit in</translation>
    </message>
    <message>
      <source>不可退出</source>
      <translation>Not ready</translation>
    </message>
    <message>
      <source>本村还没有农户。请选择下一步：</source>
      <translation>This village has no households yet. What next?</translation>
    </message>
    <message>
      <source>已有国扶系统或工作队的花名册（Excel 或 CSV）：先检查，确认后一次导入。</source>
      <translation>You have a roster from the national system or the team (Excel or CSV): it is checked first, then imported in one go once you confirm.</translation>
    </message>
    <message>
      <source>新增农户…</source>
      <translation>New household…</translation>
    </message>
    <message>
      <source>逐户登记：先填户的基本信息，再添加家庭成员。</source>
      <translation>Register households one by one: the household first, then its members.</translation>
    </message>
    <message>
      <source>打开演示村…</source>
      <translation>Open the demo village…</translation>
    </message>
    <message>
      <source>先用一个虚构的演示村熟悉操作；演示数据单独保存，不会混入本村数据。</source>
      <translation>Learn on a made-up demo village first; the demo is kept in its own file and never mixes with this village's data.</translation>
    </message>
    <message>
      <source>欢迎使用 povdesk</source>
      <translation>Welcome to povdesk</translation>
    </message>
    <message>
      <source>这台电脑上还没有数据。请登记本村（驻村工作队）或县扶贫办，或先打开一个演示村熟悉操作（演示数据单独保存，不会混入真实数据）。</source>
      <translation>There is no data on this computer yet. Register your village (work team) or the county office, or first open a demo village to learn (the demo is kept apart and never mixes with real data).</translation>
    </message>
    <message>
      <source>登记本村并开始</source>
      <translation>Register the village and start</translation>
    </message>
    <message>
      <source>登记本村</source>
      <translation>Register your village</translation>
    </message>
    <message>
      <source>乡（镇）</source>
      <translation>Township</translation>
    </message>
    <message>
      <source>县（市、区）</source>
      <translation>County</translation>
    </message>
    <message>
      <source>登记县扶贫办并开始</source>
      <translation>Register the county office and start</translation>
    </message>
    <message>
      <source>县扶贫办（接收各村数据、审核退出）</source>
      <translation>County poverty-alleviation office (receives the villages' data, reviews exits)</translation>
    </message>
    <message>
      <source>县代码</source>
      <translation>County code</translation>
    </message>
    <message>
      <source>县名</source>
      <translation>County name</translation>
    </message>
    <message>
      <source>加密此数据库（推荐）</source>
      <translation>Encrypt this database (recommended)</translation>
    </message>
    <message>
      <source>加密</source>
      <translation>Encryption</translation>
    </message>
    <message>
      <source>再输入一次口令</source>
      <translation>Passphrase again</translation>
    </message>
    <message>
      <source>打开演示村</source>
      <translation>Open a demo village</translation>
    </message>
    <message>
      <source>12 位村代码</source>
      <translation>12-digit village code</translation>
    </message>
    <message>
      <source>6 位县代码，如 422823</source>
      <translation>6-digit county code, e.g. 422823</translation>
    </message>
    <message>
      <source>如 巴东县</source>
      <translation>e.g. 巴东县</translation>
    </message>
    <message>
      <source>口令（至少 {0} 个字符）</source>
      <translation>Passphrase (at least {0} characters)</translation>
    </message>
    <message>
      <source>两次输入的口令不一致，请再输入一次。</source>
      <translation>The two passphrases differ; type it again.</translation>
    </message>
    <message>
      <source>帮扶责任人</source>
      <translation>Paired cadre</translation>
    </message>
    <message>
      <source>（未结对）</source>
      <translation>(none)</translation>
    </message>
    <message>
      <source>更换结对</source>
      <translation>Change pairing</translation>
    </message>
    <message>
      <source>已保存</source>
      <translation>saved</translation>
    </message>
    <message>
      <source>新增农户</source>
      <translation>New household</translation>
    </message>
    <message>
      <source>起始</source>
      <translation>from</translation>
    </message>
    <message>
      <source>编辑农户 </source>
      <translation>Edit household </translation>
    </message>
    <message>
      <source>自 {0} 起</source>
      <translation>since {0}</translation>
    </message>
    <message>
      <source>同步：</source>
      <translation>Sync: </translation>
    </message>
    <message>
      <source>记录走访…</source>
      <translation>Record a visit…</translation>
    </message>
    <message>
      <source>编辑基本信息…</source>
      <translation>Edit household…</translation>
    </message>
    <message>
      <source>家庭成员…</source>
      <translation>Members…</translation>
    </message>
    <message>
      <source>措施与资金…</source>
      <translation>Measures and funds…</translation>
    </message>
    <message>
      <source>收入…</source>
      <translation>Income…</translation>
    </message>
    <message>
      <source>打印…</source>
      <translation>Print…</translation>
    </message>
    <message>
      <source>照片与附件…</source>
      <translation>Photos and files…</translation>
    </message>
    <message>
      <source>防返贫监测…</source>
      <translation>Monitoring…</translation>
    </message>
    <message>
      <source>添加监测线索…</source>
      <translation>Add a monitoring lead…</translation>
    </message>
    <message>
      <source>农户授权承诺…</source>
      <translation>Household consent…</translation>
    </message>
    <message>
      <source>办理步骤…</source>
      <translation>Procedure step…</translation>
    </message>
    <message>
      <source>提出风险消除…</source>
      <translation>Propose risk elimination…</translation>
    </message>
    <message>
      <source>登记突发事件…</source>
      <translation>Record an illness, disaster or accident…</translation>
    </message>
    <message>
      <source>正在核查…</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <source>户内无在册人口，无法计算人均收入</source>
      <translation>No member present: no per-capita figure</translation>
    </message>
    <message>
      <source>收入年度</source>
      <translation>Income year</translation>
    </message>
    <message>
      <source>；</source>
      <translation>; </translation>
    </message>
    <message>
      <source>收入 </source>
      <translation>Income </translation>
    </message>
    <message>
      <source>家庭纯收入 {0} 元，{1} 人，人均纯收入 {2} 元</source>
      <translation>Net income {0} yuan, {1} people, {2} per person</translation>
    </message>
    <message>
      <source>{0} 年扶贫标准未设置</source>
      <translation>No poverty line set for {0}</translation>
    </message>
    <message>
      <source>✔ 高于 {0} 年扶贫标准 {1} 元</source>
      <translation>✔ above the {0} line of {1}</translation>
    </message>
    <message>
      <source>✘ 未超过 {0} 年扶贫标准 {1} 元</source>
      <translation>✘ not above the {0} line of {1}</translation>
    </message>
    <message>
      <source>✔ 达到参考收入的 70%（{0} 元）</source>
      <translation>✔ reaches 70% of the reference ({0} yuan)</translation>
    </message>
    <message>
      <source>✘ 未达到参考收入的 70%（{0} 元）</source>
      <translation>✘ below 70% of the reference ({0} yuan)</translation>
    </message>
    <message>
      <source>密钥与信任</source>
      <translation>Keys and trust</translation>
    </message>
    <message>
      <source>导出本库公钥文件…</source>
      <translation>Export this store's public key file…</translation>
    </message>
    <message>
      <source>本库</source>
      <translation>This store</translation>
    </message>
    <message>
      <source>指纹（请读给对方核对）</source>
      <translation>Fingerprint (read it out to the other side)</translation>
    </message>
    <message>
      <source>信任对方公钥文件…</source>
      <translation>Trust the other side's key file…</translation>
    </message>
    <message>
      <source>已信任的对方</source>
      <translation>Trusted</translation>
    </message>
    <message>
      <source>对方读出的指纹，如 3F2A-91C0-77D1-0B4E</source>
      <translation>The fingerprint the other side read out, e.g. 3F2A-91C0-77D1-0B4E</translation>
    </message>
    <message>
      <source>请先填写对方读出的指纹，核对一致才能信任。</source>
      <translation>First type the fingerprint the other side read out: a key is trusted only when they match.</translation>
    </message>
    <message>
      <source>公钥已写入 {0}</source>
      <translation>Public key written to {0}</translation>
    </message>
    <message>
      <source>已信任 {0}</source>
      <translation>Trusted {0}</translation>
    </message>
    <message>
      <source>全部农户</source>
      <translation>All households</translation>
    </message>
    <message>
      <source>搜索：姓名、拼音首字母、户编号、证件号、电话</source>
      <translation>Search: name, pinyin, number, ID, phone</translation>
    </message>
    <message>
      <source>概况：</source>
      <translation>Overview: </translation>
    </message>
    <message>
      <source>{0} / {1} 户</source>
      <translation>{0} of {1} households</translation>
    </message>
    <message>
      <source>povdesk 精准扶贫驻村工作台</source>
      <translation>povdesk</translation>
    </message>
    <message>
      <source>打印</source>
      <translation>Print</translation>
    </message>
    <message>
      <source>同步</source>
      <translation>Sync</translation>
    </message>
    <message>
      <source>农户</source>
      <translation>Households</translation>
    </message>
    <message>
      <source>监测</source>
      <translation>Monitoring</translation>
    </message>
    <message>
      <source>停止核查</source>
      <translation>Stop checking</translation>
    </message>
    <message>
      <source>搜索</source>
      <translation>Find</translation>
    </message>
    <message>
      <source>正在准备演示村……</source>
      <translation>Preparing the demo village…</translation>
    </message>
    <message>
      <source>清单：</source>
      <translation>List: </translation>
    </message>
    <message>
      <source>povdesk 演示村（练习用，数据不会混入本村）</source>
      <translation>povdesk demo village (for practice; never mixes with your village)</translation>
    </message>
    <message>
      <source>按上面填写的信息新增成员</source>
      <translation>Add a member with the details above</translation>
    </message>
    <message>
      <source>保存对所选成员的修改</source>
      <translation>Save changes to the selected member</translation>
    </message>
    <message>
      <source>记录所选成员离开</source>
      <translation>Record that the selected member left</translation>
    </message>
    <message>
      <source>所选成员迁入该户</source>
      <translation>Move the selected member to that household</translation>
    </message>
    <message>
      <source>成员信息（选中上表中的成员后修改）</source>
      <translation>Member record (select a member in the table to change it)</translation>
    </message>
    <message>
      <source>新增成员（出生、婚入、迁入）</source>
      <translation>Add a member (birth, marriage, moving in)</translation>
    </message>
    <message>
      <source>方式</source>
      <translation>How</translation>
    </message>
    <message>
      <source>生活事件：离开、分户、合户</source>
      <translation>Life events: leaving, splitting, merging</translation>
    </message>
    <message>
      <source>事件</source>
      <translation>Event</translation>
    </message>
    <message>
      <source>分户/合户</source>
      <translation>Split / merge</translation>
    </message>
    <message>
      <source>目标户编号</source>
      <translation>Other household's number</translation>
    </message>
    <message>
      <source>证件号码有效</source>
      <translation>Valid ID number</translation>
    </message>
    <message>
      <source>有未保存的修改。保存吗？</source>
      <translation>There are unsaved changes. Save them?</translation>
    </message>
    <message>
      <source>为这份备份设置密码：</source>
      <translation>Passphrase for this backup:</translation>
    </message>
    <message>
      <source>再输入一次密码：</source>
      <translation>Type the passphrase again:</translation>
    </message>
    <message>
      <source>两次输入的密码不一致，请重来。</source>
      <translation>The two passphrases differ; try again.</translation>
    </message>
    <message>
      <source>帮扶措施与资金</source>
      <translation>Measures and funds</translation>
    </message>
    <message>
      <source>新增措施</source>
      <translation>Add measure</translation>
    </message>
    <message>
      <source>保存措施</source>
      <translation>Save measure</translation>
    </message>
    <message>
      <source>记一笔支出</source>
      <translation>Record a payment</translation>
    </message>
    <message>
      <source>冲销所选</source>
      <translation>Reverse selected</translation>
    </message>
    <message>
      <source>资金来源</source>
      <translation>Source</translation>
    </message>
    <message>
      <source>对应措施</source>
      <translation>For measure</translation>
    </message>
    <message>
      <source>冲销原因</source>
      <translation>Reason for reversal</translation>
    </message>
    <message>
      <source>针对监测记录</source>
      <translation>For monitoring record</translation>
    </message>
    <message>
      <source>以前的监测记录</source>
      <translation>An earlier monitoring record</translation>
    </message>
    <message>
      <source>添加监测线索</source>
      <translation>Add a monitoring lead</translation>
    </message>
    <message>
      <source>监测对象类型</source>
      <translation>Monitoring type</translation>
    </message>
    <message>
      <source>风险类型（空格勾选）</source>
      <translation>Risks (Space ticks)</translation>
    </message>
    <message>
      <source>线索来源</source>
      <translation>Lead source</translation>
    </message>
    <message>
      <source>发现日期</source>
      <translation>Found on</translation>
    </message>
    <message>
      <source>发现人</source>
      <translation>Found by</translation>
    </message>
    <message>
      <source>备注</source>
      <translation>Note</translation>
    </message>
    <message>
      <source>农户授权承诺</source>
      <translation>Household consent</translation>
    </message>
    <message>
      <source>未选择</source>
      <translation>None chosen</translation>
    </message>
    <message>
      <source>选择扫描件…</source>
      <translation>Choose the scan…</translation>
    </message>
    <message>
      <source>签字日期</source>
      <translation>Signed on</translation>
    </message>
    <message>
      <source>扫描件</source>
      <translation>Scan</translation>
    </message>
    <message>
      <source>选择扫描件</source>
      <translation>Choose the scan</translation>
    </message>
    <message>
      <source>扫描件 (*.pdf *.jpg *.jpeg *.png)</source>
      <translation>Scans (*.pdf *.jpg *.jpeg *.png)</translation>
    </message>
    <message>
      <source>登记突发事件</source>
      <translation>Record an illness, disaster or accident</translation>
    </message>
    <message>
      <source>全家（不指定成员）</source>
      <translation>Whole household (no member)</translation>
    </message>
    <message>
      <source>成员</source>
      <translation>Member</translation>
    </message>
    <message>
      <source>监测办理步骤</source>
      <translation>Monitoring procedure step</translation>
    </message>
    <message>
      <source>步骤</source>
      <translation>Step</translation>
    </message>
    <message>
      <source>经办人</source>
      <translation>Done by</translation>
    </message>
    <message>
      <source>公示截止日期</source>
      <translation>Notice ends on</translation>
    </message>
    <message>
      <source>核实人均纯收入（元）</source>
      <translation>Per-capita net income found (yuan)</translation>
    </message>
    <message>
      <source>阶段</source>
      <translation>Phase</translation>
    </message>
    <message>
      <source>风险</source>
      <translation>Risks</translation>
    </message>
    <message>
      <source>授权承诺日期</source>
      <translation>Consent signed on</translation>
    </message>
    <message>
      <source>授权书扫描件</source>
      <translation>Consent scan attached</translation>
    </message>
    <message>
      <source>纳入日期</source>
      <translation>Included on</translation>
    </message>
    <message>
      <source>风险消除日期</source>
      <translation>Risk eliminated on</translation>
    </message>
    <message>
      <source>线索说明</source>
      <translation>What was found</translation>
    </message>
    <message>
      <source>尚无办理步骤</source>
      <translation>No procedure step yet</translation>
    </message>
    <message>
      <source>公示至 {0}</source>
      <translation>notice until {0}</translation>
    </message>
    <message>
      <source>人均纯收入 {0} 元</source>
      <translation>per-capita net income {0} yuan</translation>
    </message>
    <message>
      <source>{0} 书面放行：{1}</source>
      <translation>overridden by {0}: {1}</translation>
    </message>
    <message>
      <source>添加为监测线索…</source>
      <translation>Add as a monitoring lead…</translation>
    </message>
    <message>
      <source>下一步</source>
      <translation>Next step</translation>
    </message>
    <message>
      <source>全部类型</source>
      <translation>All types</translation>
    </message>
    <message>
      <source>逾期未办</source>
      <translation>Overdue</translation>
    </message>
    <message>
      <source>打印公示…</source>
      <translation>Print notice…</translation>
    </message>
    <message>
      <source>正在扫描监测预警…</source>
      <translation>Scanning for monitoring warnings…</translation>
    </message>
    <message>
      <source>建议类型</source>
      <translation>Suggested type</translation>
    </message>
    <message>
      <source>预警原因</source>
      <translation>Warnings</translation>
    </message>
    <message>
      <source>打印监测对象公示</source>
      <translation>Print the monitoring notice</translation>
    </message>
    <message>
      <source>监测对象公示（识别）</source>
      <translation>Monitoring notice (inclusion)</translation>
    </message>
    <message>
      <source>监测对象公示（风险消除）</source>
      <translation>Monitoring notice (risk eliminated)</translation>
    </message>
    <message>
      <source>公示类型</source>
      <translation>Notice</translation>
    </message>
    <message>
      <source>公示开始日期</source>
      <translation>First day posted</translation>
    </message>
    <message>
      <source>公示天数</source>
      <translation>Days posted</translation>
    </message>
    <message>
      <source>生成公示</source>
      <translation>Make the notice</translation>
    </message>
    <message>
      <source>打印预览</source>
      <translation>Print preview</translation>
    </message>
    <message>
      <source>另存为 PDF</source>
      <translation>Save as PDF</translation>
    </message>
    <message>
      <source>关闭</source>
      <translation>Close</translation>
    </message>
    <message>
      <source>PDF 文件 (*.pdf)</source>
      <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
      <source>共 {0} 页</source>
      <translation>{0} pages</translation>
    </message>
    <message>
      <source>监测对象公示…</source>
      <translation>Monitoring notice…</translation>
    </message>
    <message>
      <source>以下 {0} 户未列入本次公示：</source>
      <translation>{0} household(s) left off this notice:</translation>
    </message>
    <message>
      <source>当前清单各户的{0}…</source>
      <translation>{0} for every household in the list…</translation>
    </message>
    <message>
      <source>数据库恢复密钥</source>
      <translation>Database recovery key</translation>
    </message>
    <message>
      <source>数据库已加密。下面是恢复密钥，只显示这一次：忘记口令时，只有用它才能打开数据库。请保存为 PDF 并打印，交乡镇或县里保管，不要和电脑放在一起。</source>
      <translation>The database is encrypted. Below is its recovery key, shown only this once: if the passphrase is forgotten, only this key opens the database. Save it as a PDF and print it, and hand it to the township or county to keep, never with the laptop.</translation>
    </message>
    <message>
      <source>保存为 PDF…（请存到U盘并打印）</source>
      <translation>Save as PDF… (to a USB stick, then print it)</translation>
    </message>
    <message>
      <source>我已打印或抄写恢复密钥，并交乡镇或县里保管</source>
      <translation>I have printed or written down the recovery key and handed it to the township or county</translation>
    </message>
    <message>
      <source>完成</source>
      <translation>Done</translation>
    </message>
    <message>
      <source>保存恢复密钥</source>
      <translation>Save the recovery key</translation>
    </message>
    <message>
      <source>请先保存或打印恢复密钥，并勾选下面的确认框。</source>
      <translation>First save or print the recovery key, and tick the box below.</translation>
    </message>
    <message>
      <source>密钥编号：{0}</source>
      <translation>Key id: {0}</translation>
    </message>
    <message>
      <source>已保存：{0}。请打印出来交乡镇或县里保管；不要把这份文件留在这台电脑上。</source>
      <translation>Saved: {0}. Print it and hand it to the township or county; do not leave this file on this laptop.</translation>
    </message>
    <message>
      <source>户</source>
      <translation>Households</translation>
    </message>
    <message>
      <source>年度收入</source>
      <translation>Yearly incomes</translation>
    </message>
    <message>
      <source>导入花名册</source>
      <translation>Import roster</translation>
    </message>
    <message>
      <source>行号</source>
      <translation>Row</translation>
    </message>
    <message>
      <source>列</source>
      <translation>Column</translation>
    </message>
    <message>
      <source>填写的内容</source>
      <translation>Value</translation>
    </message>
    <message>
      <source>可以填写</source>
      <translation>Accepted</translation>
    </message>
    <message>
      <source>保存问题清单（Excel）…</source>
      <translation>Save the problem list (Excel)…</translation>
    </message>
    <message>
      <source>确认导入</source>
      <translation>Import</translation>
    </message>
    <message>
      <source>正在检查花名册，尚未写入任何数据……</source>
      <translation>Checking the roster; nothing is written yet…</translation>
    </message>
    <message>
      <source>正在导入……</source>
      <translation>Importing…</translation>
    </message>
    <message>
      <source>问题清单</source>
      <translation>problems</translation>
    </message>
    <message>
      <source>保存问题清单</source>
      <translation>Save the problem list</translation>
    </message>
    <message>
      <source>。</source>
      <translation>.</translation>
    </message>
    <message>
      <source>新增</source>
      <translation>Created</translation>
    </message>
    <message>
      <source>更新</source>
      <translation>Updated</translation>
    </message>
    <message>
      <source>不变</source>
      <translation>Unchanged</translation>
    </message>
    <message>
      <source>检查通过。花名册与系统中的数据相同，无需导入。</source>
      <translation>Check passed. The roster matches the data already here; nothing to import.</translation>
    </message>
    <message>
      <source>导入完成：</source>
      <translation>Import finished: </translation>
    </message>
    <message>
      <source>文件：{0}</source>
      <translation>File: {0}</translation>
    </message>
    <message>
      <source>检查通过，尚未写入。确认后将一次全部导入：</source>
      <translation>Check passed; nothing written yet. On confirmation everything is imported in one go: </translation>
    </message>
    <message>
      <source>问题清单已保存：{0}</source>
      <translation>Problem list saved: {0}</translation>
    </message>
    <message>
      <source>{0}新增 {1}、更新 {2}</source>
      <translation>{0}: {1} new, {2} updated</translation>
    </message>
    <message>
      <source>花名册有 {0} 处问题，未导入任何数据。请按下表改正后再导入：</source>
      <translation>The roster has {0} problem(s); nothing was imported. Fix them as listed below, then import again:</translation>
    </message>
    <message>
      <source>提示：</source>
      <translation>Notes:</translation>
    </message>
    <message>
      <source>表中列出前 {0} 处问题；全部 {1} 处请点“保存问题清单”查看。</source>
      <translation>The first {0} problems are listed; save the problem list to see all {1}.</translation>
    </message>
    <message>
      <source>另有 {0} 条提示</source>
      <translation>and {0} more note(s)</translation>
    </message>
    <message>
      <source>干部在其表单中保存即生效</source>
      <translation>A cadre is saved by its own form</translation>
    </message>
    <message>
      <source>设置</source>
      <translation>Settings</translation>
    </message>
    <message>
      <source>扶贫标准</source>
      <translation>Poverty line</translation>
    </message>
    <message>
      <source>监测范围</source>
      <translation>Monitoring ranges</translation>
    </message>
    <message>
      <source>参考收入</source>
      <translation>Reference incomes</translation>
    </message>
    <message>
      <source>隐私与界面</source>
      <translation>Privacy and display</translation>
    </message>
    <message>
      <source>备份与恢复</source>
      <translation>Backups</translation>
    </message>
    <message>
      <source>编辑…</source>
      <translation>Edit…</translation>
    </message>
    <message>
      <source>证件号显示前几位</source>
      <translation>ID number: show first</translation>
    </message>
    <message>
      <source>证件号显示后几位</source>
      <translation>ID number: show last</translation>
    </message>
    <message>
      <source>公示、打印示例</source>
      <translation>On notices and printouts</translation>
    </message>
    <message>
      <source>界面语言（重启后生效）</source>
      <translation>Language (after a restart)</translation>
    </message>
    <message>
      <source>字号</source>
      <translation>Font size</translation>
    </message>
    <message>
      <source>本村</source>
      <translation>Village</translation>
    </message>
    <message>
      <source>扶贫标准（元/人·年）</source>
      <translation>Poverty line (yuan per person per year)</translation>
    </message>
    <message>
      <source>监测范围（元/人·年）</source>
      <translation>Monitoring range (yuan per person per year)</translation>
    </message>
    <message>
      <source>地区代码</source>
      <translation>Area code</translation>
    </message>
    <message>
      <source>农村居民人均可支配收入（元）</source>
      <translation>Rural per-capita income (yuan)</translation>
    </message>
    <message>
      <source>地区</source>
      <translation>Area</translation>
    </message>
    <message>
      <source>添加年度</source>
      <translation>Add a year</translation>
    </message>
    <message>
      <source>添加</source>
      <translation>Add</translation>
    </message>
    <message>
      <source>用逗号分隔，例如：一组，二组</source>
      <translation>Comma-separated, e.g. 1, 2</translation>
    </message>
    <message>
      <source>村代码：</source>
      <translation>Village code: </translation>
    </message>
    <message>
      <source>导出同步包</source>
      <translation>Export a sync bundle</translation>
    </message>
    <message>
      <source>选择文件夹或U盘</source>
      <translation>Choose a folder or USB stick</translation>
    </message>
    <message>
      <source>选择…</source>
      <translation>Choose…</translation>
    </message>
    <message>
      <source>发给</source>
      <translation>Send to</translation>
    </message>
    <message>
      <source>保存到</source>
      <translation>Save to</translation>
    </message>
    <message>
      <source>导出</source>
      <translation>Export</translation>
    </message>
    <message>
      <source>选择保存同步包的文件夹</source>
      <translation>Choose the folder for the sync bundle</translation>
    </message>
    <message>
      <source>正在统计要导出的内容…</source>
      <translation>Counting what will be exported…</translation>
    </message>
    <message>
      <source>自上次导出以来没有新的改动；仍可导出，以把回执带给对方。</source>
      <translation>Nothing changed since the last export; you can still export to carry the receipt to the other side.</translation>
    </message>
    <message>
      <source>请选择一个存在的文件夹（例如U盘）。</source>
      <translation>Choose a folder that exists (for example a USB stick).</translation>
    </message>
    <message>
      <source>还没有信任村里的公钥，无法导出。请在“同步 › 密钥与信任…”中点“信任对方公钥文件…”，选择村里给的公钥文件，并与村里核对指纹。</source>
      <translation>No village's key is trusted yet, so nothing can be exported. In “Sync › Keys and trust…” click “Trust the other side's key file…”, choose the key file the village gave you and compare the fingerprint with the village.</translation>
    </message>
    <message>
      <source>还没有信任县里的公钥，无法导出。请在“同步 › 密钥与信任…”中点“信任对方公钥文件…”，选择县里给的公钥文件，并与县里核对指纹。</source>
      <translation>The county's key is not trusted yet, so nothing can be exported. In “Sync › Keys and trust…” click “Trust the other side's key file…”, choose the key file the county gave you and compare the fingerprint with the county.</translation>
    </message>
    <message>
      <source>第 {0} 号同步包，发给 {1}</source>
      <translation>Sync bundle #{0}, to {1}</translation>
    </message>
    <message>
      <source>改动涉及 {0} 户</source>
      <translation>Changes touch {0} households</translation>
    </message>
    <message>
      <source>附件 {0} 个，共 {1}</source>
      <translation>{0} attachments, {1} in all</translation>
    </message>
    <message>
      <source>已导出：{0}
第 {1} 号，{2}，发给 {3}</source>
      <translation>Exported: {0}
#{1}, {2}, to {3}</translation>
    </message>
    <message>
      <source>{0}：{1} 条记录，{2} 条删除</source>
      <translation>{0}: {1} records, {2} deletions</translation>
    </message>
    <message>
      <source>已处理的冲突 {0} 处</source>
      <translation>{0} resolved conflicts</translation>
    </message>
    <message>
      <source>导入同步包</source>
      <translation>Import sync bundles</translation>
    </message>
    <message>
      <source>选择数据包…</source>
      <translation>Choose bundles…</translation>
    </message>
    <message>
      <source>导入</source>
      <translation>Import</translation>
    </message>
    <message>
      <source>选择同步包</source>
      <translation>Choose sync bundles</translation>
    </message>
    <message>
      <source>povdesk 同步包 (*.pvb)</source>
      <translation>povdesk sync bundles (*.pvb)</translation>
    </message>
    <message>
      <source>试导入结果（尚未保存）：</source>
      <translation>Trial import (not saved yet):</translation>
    </message>
    <message>
      <source>已导入：</source>
      <translation>Imported:</translation>
    </message>
    <message>
      <source>数据包</source>
      <translation>Bundle</translation>
    </message>
    <message>
      <source>未变</source>
      <translation>Unchanged</translation>
    </message>
    <message>
      <source>已删除</source>
      <translation>Deleted</translation>
    </message>
    <message>
      <source>{0} 第 {1} 号</source>
      <translation>{0} #{1}</translation>
    </message>
    <message>
      <source>{0}：涉及 {1} 户 {2}</source>
      <translation>{0}: {1} households touched {2}</translation>
    </message>
    <message>
      <source>{0}：户 {1} 由对方标为{2}，本库核查仍不能通过：{3}</source>
      <translation>{0}: household {1} was marked {2} by the sender, but this store's check refuses it: {3}</translation>
    </message>
    <message>
      <source>{0}：户 {1} 由对方标为风险消除，本库核查仍不能通过：{2}</source>
      <translation>{0}: household {1} was marked risk eliminated by the sender, but this store's check refuses it: {2}</translation>
    </message>
    <message>
      <source>{0}：户 {1} 的监测记录第一次报来已是{2}，本库没有这一审定的记录，请核实</source>
      <translation>{0}: household {1}'s monitoring record arrived for the first time already {2}; this store holds no such decision: please confirm it</translation>
    </message>
    <message>
      <source>{0}：已导入过，没有任何改动。</source>
      <translation>{0}: already imported; nothing changed.</translation>
    </message>
    <message>
      <source>{0}：这是较早的数据包，没有回退任何数据。</source>
      <translation>{0}: an older bundle; nothing was rolled back.</translation>
    </message>
    <message>
      <source>{0}：有 {1} 处冲突待处理</source>
      <translation>{0}: {1} conflicts to resolve</translation>
    </message>
    <message>
      <source>{0}：缺少该发送方的第 {1} 号包（内容已含在较新的包中）</source>
      <translation>{0}: bundles {1} from this sender are missing (their content is in later ones)</translation>
    </message>
    <message>
      <source>处理冲突</source>
      <translation>Resolve conflicts</translation>
    </message>
    <message>
      <source>导出同步包…</source>
      <translation>Export a sync bundle…</translation>
    </message>
    <message>
      <source>导入同步包…</source>
      <translation>Import sync bundles…</translation>
    </message>
    <message>
      <source>处理冲突…</source>
      <translation>Resolve conflicts…</translation>
    </message>
    <message>
      <source>尚未与对方交换公钥</source>
      <translation>No key exchanged with the other side yet</translation>
    </message>
    <message>
      <source>有改动未导出</source>
      <translation>Changed since the last export</translation>
    </message>
    <message>
      <source>县里已有</source>
      <translation>At the county</translation>
    </message>
    <message>
      <source>已导出，待县里确认</source>
      <translation>Exported, awaiting the county</translation>
    </message>
    <message>
      <source>村里已收到</source>
      <translation>At the village</translation>
    </message>
    <message>
      <source>已发回村里，待确认</source>
      <translation>Sent to the village, awaiting its receipt</translation>
    </message>
    <message>
      <source>{0} 字节</source>
      <translation>{0} bytes</translation>
    </message>
    <message>
      <source>打开加密的数据库</source>
      <translation>Open the encrypted database</translation>
    </message>
    <message>
      <source>忘记口令？</source>
      <translation>Forgot the passphrase?</translation>
    </message>
    <message>
      <source>返回输入口令</source>
      <translation>Back to the passphrase</translation>
    </message>
    <message>
      <source>恢复密钥</source>
      <translation>Recovery key</translation>
    </message>
    <message>
      <source>重设口令并打开</source>
      <translation>Reset the passphrase and open</translation>
    </message>
    <message>
      <source>请输入恢复密钥。</source>
      <translation>Type the recovery key.</translation>
    </message>
    <message>
      <source>此数据库已加密，请输入口令：</source>
      <translation>This database is encrypted; type its passphrase:</translation>
    </message>
    <message>
      <source>48 位数字，可带空格或横线</source>
      <translation>48 digits; spaces or dashes allowed</translation>
    </message>
    <message>
      <source>请输入口令。</source>
      <translation>Type the passphrase.</translation>
    </message>
    <message>
      <source>数据库：{0}</source>
      <translation>Database: {0}</translation>
    </message>
    <message>
      <source>请输入打印的恢复密钥，并设置新口令（至少 {0} 个字符）。</source>
      <translation>Type the printed recovery key and choose a new passphrase (at least {0} characters).</translation>
    </message>
    <message>
      <source>正在核查全村…</source>
      <translation>Checking…</translation>
    </message>
    <message>
      <source>核查结果更新中，表中为上次核查的结果… {0} / {1} 户</source>
      <translation>Updating the checks; the list shows the previous results… {0} / {1} households</translation>
    </message>
    <message>
      <source>正在核查全村… {0} / {1} 户</source>
      <translation>Checking the village… {0} of {1} households</translation>
    </message>
    <message>
      <source>已停止核查；表中和概况为上次核查的结果</source>
      <translation>Checking stopped; the list and the overview show the previous results</translation>
    </message>
    <message>
      <source>已停止核查；筛选和可退出列要等下次核查</source>
      <translation>Checking stopped; filters and the Ready column wait for the next check</translation>
    </message>
    <message>
      <source>用当日核查结果更新该户核查状态</source>
      <translation>Update the household's checklist from this visit</translation>
    </message>
    <message>
      <source>添加照片…</source>
      <translation>Add photos…</translation>
    </message>
    <message>
      <source>入户走访</source>
      <translation>Visit</translation>
    </message>
    <message>
      <source>走访已保存，照片未全部保存：</source>
      <translation>The visit is saved, but not all photos were: </translation>
    </message>
  </context>
</TS>

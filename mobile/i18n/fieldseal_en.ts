<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>BarChart</name>
    <message>
        <location filename="../qml/components/BarChart.qml" line="11"/>
        <source>暂无数据</source>
        <translation>No data</translation>
    </message>
</context>
<context>
    <name>CameraCapture</name>
    <message>
        <location filename="../qml/components/CameraCapture.qml" line="55"/>
        <source>拍照</source>
        <translation>Take photo</translation>
    </message>
    <message>
        <location filename="../qml/components/CameraCapture.qml" line="64"/>
        <source>停止录像</source>
        <translation>Stop recording</translation>
    </message>
    <message>
        <location filename="../qml/components/CameraCapture.qml" line="64"/>
        <source>录像</source>
        <translation>Record video</translation>
    </message>
</context>
<context>
    <name>CccExemptionPage</name>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="41"/>
        <source>在名单内</source>
        <translation>On the list</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="42"/>
        <source>不在名单内</source>
        <translation>Not on the list</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="43"/>
        <source>未核对（本机无信任列表）</source>
        <translation>Not checked (no trust list on this device)</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="43"/>
        <source>未核对</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="274"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="274"/>
        <source>无（境外申请人）</source>
        <translation>None (foreign applicant)</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="127"/>
        <location filename="../qml/pages/CccExemptionPage.qml" line="275"/>
        <source>用途</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="276"/>
        <source>便捷通道</source>
        <translation>Fast channel</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="23"/>
        <source>电线电缆</source>
        <translation>Wires and cables</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="24"/>
        <source>电路开关及保护或连接用电器装置</source>
        <translation>Circuit switches and protective or connecting devices</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="25"/>
        <source>低压电器</source>
        <translation>Low-voltage apparatus</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="26"/>
        <source>小功率电动机</source>
        <translation>Small-power motors</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="27"/>
        <source>电动工具</source>
        <translation>Electric tools</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="28"/>
        <source>电焊机</source>
        <translation>Welding machines</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="29"/>
        <source>家用和类似用途设备</source>
        <translation>Household and similar appliances</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="30"/>
        <source>电子产品及安全附件</source>
        <translation>Electronic products and safety accessories</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="31"/>
        <source>照明电器</source>
        <translation>Lighting apparatus</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="32"/>
        <source>车辆及安全附件</source>
        <translation>Vehicles and safety parts</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="33"/>
        <source>农机产品</source>
        <translation>Agricultural machinery</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="34"/>
        <source>消防产品</source>
        <translation>Fire-fighting products</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="35"/>
        <source>安全技术防范产品</source>
        <translation>Security and protection products</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="36"/>
        <source>建材产品</source>
        <translation>Building materials</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="37"/>
        <source>儿童用品</source>
        <translation>Children&apos;s products</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="38"/>
        <source>防爆电气</source>
        <translation>Explosion-proof electrical equipment</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="39"/>
        <source>家用燃气器具</source>
        <translation>Household gas appliances</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="54"/>
        <source>免办证明由展会工作人员签发，当前账号没有此权限。</source>
        <translation>CCC exemptions are issued by exhibition staff; this account cannot issue them.</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="75"/>
        <source>新建免办证明</source>
        <translation>New CCC exemption</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="77"/>
        <source>展会名称</source>
        <translation>Exhibition</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="83"/>
        <source>例如：第九届中国国际进口博览会 CIIE 2026</source>
        <translation>e.g. 第九届中国国际进口博览会 CIIE 2026</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="86"/>
        <source>申请人名称（境外申请人填外文名称）</source>
        <translation>Applicant name (foreign applicants: name in their language)</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="94"/>
        <source>统一社会信用代码（境外申请人可不填）</source>
        <translation>Unified social credit code (optional for foreign applicants)</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="113"/>
        <source>核对便捷通道名单</source>
        <translation>Check fast-channel list</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="133"/>
        <source>例如：展览展示，展后复运出境</source>
        <translation>e.g. display at the exhibition, re-exported afterwards</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="140"/>
        <source>展品（%1 件）</source>
        <translation>Exhibits (%1)</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="158"/>
        <source>HS %1 · %2 · %3 件 · %4</source>
        <translation>HS %1 · %2 · %3 pcs · %4</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="167"/>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="180"/>
        <source>展品名称</source>
        <translation>Exhibit name</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="181"/>
        <source>型号</source>
        <translation>Model</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="182"/>
        <source>HS 编码（6–10 位数字）</source>
        <translation>HS code (6–10 digits)</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="192"/>
        <source>原产地</source>
        <translation>Origin</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="197"/>
        <source>添加展品</source>
        <translation>Add exhibit</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="227"/>
        <source>签发免办证明</source>
        <translation>Issue exemption</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="237"/>
        <source>免办证明</source>
        <translation>CCC exemption</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="243"/>
        <source>签发时将用本机设备密钥签章，并显示二维码。</source>
        <translation>Issuing seals it with this device&apos;s key and shows its QR code.</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="244"/>
        <source>本机尚未登记设备密钥：签发的免办证明不带设备签章，服务器不会为其加盖公章。</source>
        <translation>This device has no enrolled key: exemptions issued here carry no device seal and the server will not counter-seal them.</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="271"/>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="272"/>
        <source>展会</source>
        <translation>Exhibition</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="273"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="277"/>
        <source>展品</source>
        <translation>Exhibits</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="277"/>
        <source>%1 件</source>
        <translation>%1 pcs</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="278"/>
        <source>PDF 文件</source>
        <translation>PDF file</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="285"/>
        <source>导出 PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../qml/pages/CccExemptionPage.qml" line="292"/>
        <source>新建下一份</source>
        <translation>New exemption</translation>
    </message>
</context>
<context>
    <name>ChecklistItemDelegate</name>
    <message>
        <location filename="../qml/components/ChecklistItemDelegate.qml" line="59"/>
        <source>必查</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../qml/components/ChecklistItemDelegate.qml" line="71"/>
        <source>依据：%1</source>
        <translation>Basis: %1</translation>
    </message>
    <message>
        <location filename="../qml/components/ChecklistItemDelegate.qml" line="94"/>
        <source>写明不合格的具体情况（必填）</source>
        <translation>Describe the non-conformity (required)</translation>
    </message>
    <message>
        <location filename="../qml/components/ChecklistItemDelegate.qml" line="94"/>
        <source>备注</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>ConflictController</name>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="22"/>
        <source>符合</source>
        <translation>Conforming</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="23"/>
        <source>不符合</source>
        <translation>Non-conforming</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="24"/>
        <source>不适用</source>
        <translation>N/A</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="25"/>
        <source>未检查</source>
        <translation>Not checked</translation>
    </message>
</context>
<context>
    <name>ConflictPage</name>
    <message>
        <location filename="../qml/pages/ConflictPage.qml" line="32"/>
        <source>冲突 · 待处理 %1 个</source>
        <translation>Conflicts · %1 open</translation>
    </message>
    <message>
        <location filename="../qml/pages/ConflictPage.qml" line="41"/>
        <source>没有冲突。检查人员在记录提交或审核之后仍做的修改会列在这里。</source>
        <translation>No conflicts. Edits inspectors make after a record was submitted or reviewed are listed here.</translation>
    </message>
    <message>
        <location filename="../qml/pages/ConflictPage.qml" line="109"/>
        <source>选择一个冲突，逐项比较两个版本。</source>
        <translation>Choose a conflict to compare both versions field by field.</translation>
    </message>
    <message>
        <location filename="../qml/pages/ConflictPage.qml" line="131"/>
        <source>记录在提交后，又收到了基于旧版本的修改。现有内容保持不变，旧版本上的修改单独保留，由审核人员决定采用哪一个。</source>
        <translation>After the record was submitted, edits made on an older version arrived. The record keeps its current content; the late edits are kept aside until a supervisor decides which to use.</translation>
    </message>
    <message>
        <location filename="../qml/pages/ConflictPage.qml" line="147"/>
        <source>已处理：%1</source>
        <translation>Resolved: %1</translation>
    </message>
    <message>
        <location filename="../qml/pages/ConflictPage.qml" line="159"/>
        <source>现有内容（记录中）</source>
        <translation>Current (in the record)</translation>
    </message>
    <message>
        <location filename="../qml/pages/ConflictPage.qml" line="167"/>
        <source>保留的修改（未采用）</source>
        <translation>Kept edit (not applied)</translation>
    </message>
    <message>
        <location filename="../qml/pages/ConflictPage.qml" line="242"/>
        <source>此项采用保留的修改</source>
        <translation>Use the kept edit for this field</translation>
    </message>
    <message>
        <location filename="../qml/pages/ConflictPage.qml" line="254"/>
        <source>处理</source>
        <translation>Resolve</translation>
    </message>
    <message>
        <location filename="../qml/pages/ConflictPage.qml" line="260"/>
        <source>说明（可选）</source>
        <translation>Comment (optional)</translation>
    </message>
    <message>
        <location filename="../qml/pages/ConflictPage.qml" line="283"/>
        <source>保留现有内容</source>
        <translation>Keep current content</translation>
    </message>
    <message>
        <location filename="../qml/pages/ConflictPage.qml" line="293"/>
        <source>采用勾选的 %1 项修改</source>
        <translation>Use %1 ticked edit(s)</translation>
    </message>
    <message>
        <location filename="../qml/pages/ConflictPage.qml" line="294"/>
        <source>全部采用保留的修改</source>
        <translation>Use all kept edits</translation>
    </message>
</context>
<context>
    <name>DeviceStore</name>
    <message>
        <location filename="../src/device/device_store.cpp" line="41"/>
        <location filename="../src/device/device_store.cpp" line="81"/>
        <source>尚未登录，数据未打开。</source>
        <translation>Not signed in: no data is open.</translation>
    </message>
    <message>
        <location filename="../src/device/device_store.cpp" line="42"/>
        <location filename="../src/device/device_store.cpp" line="82"/>
        <source>正在同步，请稍候再修改。</source>
        <translation>Sync in progress; edit again in a moment.</translation>
    </message>
</context>
<context>
    <name>DrawResultPage</name>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="87"/>
        <source>任务的抽取</source>
        <translation>Draw of the task</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="100"/>
        <source>正在从服务器获取公布的抽取结果…</source>
        <translation>Fetching the published draw result from the server…</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="35"/>
        <source>核验抽取结果（双随机、一公开）</source>
        <translation>Check a draw result (double random, one public)</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="37"/>
        <source>打开公布的抽取结果（签章文件或 JSON）和同一次抽取的计划文件。本机离线核验签章、种子承诺，并按公开算法重新抽取、逐项比对。</source>
        <translation>Open a published draw result (sealed file or JSON) and the plan of the same draw. This tablet checks the seal and the seed commitment offline, re-runs the draw by the published algorithm and compares every task.</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="48"/>
        <source>打开抽取结果…</source>
        <translation>Open draw result…</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="54"/>
        <source>打开抽取计划…</source>
        <translation>Open draw plan…</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="61"/>
        <source>打开示例抽取</source>
        <translation>Open the demo draw</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="66"/>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="75"/>
        <source>结果文件</source>
        <translation>Result file</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="76"/>
        <location filename="../qml/pages/DrawResultPage.qml" line="81"/>
        <source>未打开</source>
        <translation>Not opened</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="80"/>
        <source>计划文件</source>
        <translation>Plan file</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="136"/>
        <source>核验项目</source>
        <translation>Checks</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="179"/>
        <source>抽取概况</source>
        <translation>The draw</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="196"/>
        <source>抽中的检查任务（%1 项）</source>
        <translation>Tasks drawn (%1)</translation>
    </message>
    <message>
        <location filename="../qml/pages/DrawResultPage.qml" line="211"/>
        <source>检查人员：%1</source>
        <translation>Inspectors: %1</translation>
    </message>
</context>
<context>
    <name>EvidencePage</name>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="16"/>
        <source>请先在任务列表中选择一项任务。</source>
        <translation>Choose a task in the task list first.</translation>
    </message>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="35"/>
        <source>拍摄证据</source>
        <translation>Capture evidence</translation>
    </message>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="61"/>
        <source>现场证据 · %1</source>
        <translation>Evidence · %1</translation>
    </message>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="77"/>
        <source>关联到整个检查</source>
        <translation>For the whole inspection</translation>
    </message>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="90"/>
        <source>拍照或录像</source>
        <translation>Photo or video</translation>
    </message>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="98"/>
        <source>导入照片、音视频或文件</source>
        <translation>Import photo, video, audio or file</translation>
    </message>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="106"/>
        <source>本机没有摄像头，可从文件导入。</source>
        <translation>This tablet has no camera: import files instead. </translation>
    </message>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="107"/>
        <source>所有证据在导入时计算 SHA-256 并保存在本机，联网后上传。</source>
        <translation>Every item is hashed (SHA-256) and kept on this tablet when added, and uploads at the next sync.</translation>
    </message>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="160"/>
        <source>证据</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="166"/>
        <source>类型与大小</source>
        <translation>Type and size</translation>
    </message>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="167"/>
        <source>采集时间</source>
        <translation>Captured</translation>
    </message>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="170"/>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="171"/>
        <source>无定位信息</source>
        <translation>No location fix</translation>
    </message>
    <message>
        <location filename="../qml/pages/EvidencePage.qml" line="179"/>
        <source>还没有证据。</source>
        <translation>No evidence yet.</translation>
    </message>
</context>
<context>
    <name>FilePickerDialog</name>
    <message>
        <location filename="../qml/components/FilePickerDialog.qml" line="16"/>
        <source>选择文件</source>
        <translation>Choose a file</translation>
    </message>
    <message>
        <location filename="../qml/components/FilePickerDialog.qml" line="27"/>
        <source>上一级</source>
        <translation>Up</translation>
    </message>
</context>
<context>
    <name>InspectionPage</name>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="55"/>
        <source>查看抽取结果（%1）</source>
        <translation>Open the draw (%1)</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="17"/>
        <source>请先在任务列表中选择一项任务。</source>
        <translation>Choose a task in the task list first.</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="73"/>
        <source>审核意见：%1</source>
        <translation>Review comment: %1</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="119"/>
        <source>检查进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="131"/>
        <source>合格率</source>
        <translation>Pass rate</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="132"/>
        <source>已检查 %1 / %2 项</source>
        <translation>%1 of %2 items checked</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="134"/>
        <source>不合格 %1 项 · 必查未完成 %2 项</source>
        <translation>%1 failed · %2 required open</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="144"/>
        <source>检查发现</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="153"/>
        <source>记录现场发现的问题、涉及的产品型号和数量</source>
        <translation>Problems found on site, product models and quantities</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="157"/>
        <source>检查结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="180"/>
        <source>提交前检查</source>
        <translation>Before submitting</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="193"/>
        <source>可以提交。</source>
        <translation>Ready to submit.</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="198"/>
        <source>检查记录在签名后有改动，请重新签名。</source>
        <translation>The record changed after signing: sign again.</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="206"/>
        <source>证据 (%1)</source>
        <translation>Evidence (%1)</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="212"/>
        <source>签名 (%1)</source>
        <translation>Signatures (%1)</translation>
    </message>
    <message>
        <location filename="../qml/pages/InspectionPage.qml" line="220"/>
        <source>提交审核</source>
        <translation>Submit for review</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../src/models/labels.cpp" line="14"/>
        <source>强制性产品认证检查</source>
        <translation>CCC product check</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="15"/>
        <source>管理体系认证检查</source>
        <translation>Management system certification check</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="16"/>
        <source>有机产品认证检查</source>
        <translation>Organic product certification check</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="17"/>
        <source>检验检测机构检查</source>
        <translation>Testing agency check</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="18"/>
        <source>认证机构检查</source>
        <translation>Certification body check</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="19"/>
        <source>CCC 免办后续核查</source>
        <translation>CCC exemption follow-up</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="27"/>
        <source>待检查</source>
        <translation>To inspect</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="28"/>
        <source>检查中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="29"/>
        <source>待审核</source>
        <translation>Awaiting review</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="30"/>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="31"/>
        <source>已通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="36"/>
        <source>符合</source>
        <translation>Conforming</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="37"/>
        <source>不符合</source>
        <translation>Non-conforming</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="38"/>
        <source>限期整改</source>
        <translation>Rectify by deadline</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="39"/>
        <source>未能检查</source>
        <translation>Not inspected</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="44"/>
        <location filename="../src/models/labels.cpp" line="51"/>
        <source>检查人员</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="45"/>
        <source>被检查方代表</source>
        <translation>Party representative</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="46"/>
        <source>见证人</source>
        <translation>Witness</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="52"/>
        <source>审核人员</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="53"/>
        <source>展会工作人员</source>
        <translation>Exhibition staff</translation>
    </message>
    <message>
        <location filename="../src/models/labels.cpp" line="54"/>
        <source>管理员</source>
        <translation>Administrator</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="218"/>
        <source>更多</source>
        <translation>More</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="31"/>
        <source>免办证明</source>
        <translation>Exemption</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="15"/>
        <location filename="../qml/Main.qml" line="107"/>
        <source>FieldSeal 现场检查</source>
        <translation>FieldSeal Inspection</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="26"/>
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="27"/>
        <source>检查表</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="28"/>
        <source>证据</source>
        <translation>Evidence</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="29"/>
        <source>签名</source>
        <translation>Sign</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="30"/>
        <source>证书核验</source>
        <translation>Verify</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="32"/>
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="33"/>
        <source>冲突</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="34"/>
        <source>登记库</source>
        <translation>Registry</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="35"/>
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="36"/>
        <source>抽查公示</source>
        <translation>Draws</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="37"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="38"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="114"/>
        <source>待同步 %1 项</source>
        <translation>%1 changes to sync</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="114"/>
        <source>已同步</source>
        <translation>All synced</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="130"/>
        <source>已上传 %1/%2 项更改，已下载 %3 项</source>
        <translation>Sent %1/%2 changes, received %3</translation>
    </message>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="138"/>
        <source>正在更新信任列表…</source>
        <translation>Updating the trust list…</translation>
    </message>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="142"/>
        <source>正在上传证据文件 %1/%2（%3/%4 KB）</source>
        <translation>Uploading evidence file %1/%2 (%3/%4 KB)</translation>
    </message>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="150"/>
        <source>同步完成</source>
        <translation>Sync complete</translation>
    </message>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="161"/>
        <source>正在整理任务列表…</source>
        <translation>Preparing the task list…</translation>
    </message>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="169"/>
        <source>上传 %1 项，下载 %2 项，冲突 %3 项；证据文件上传 %4 个；信任列表第 %5 版</source>
        <translation>%1 sent, %2 received, %3 conflicts; %4 evidence files uploaded; trust list no. %5</translation>
    </message>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="176"/>
        <source>%1 项更改被服务器拒绝</source>
        <translation>%1 changes refused by the server</translation>
    </message>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="177"/>
        <source>%1 个证据文件被服务器拒收</source>
        <translation>%1 evidence files refused by the server</translation>
    </message>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="179"/>
        <source>信任列表未更新：%1</source>
        <translation>Trust list not renewed: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/app_controller.cpp" line="242"/>
        <source>已登录，但信任列表未能更新：%1</source>
        <translation>Signed in, but the trust list was not renewed: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/app_controller.cpp" line="247"/>
        <source>登录被拒绝：用户名或密码不正确。</source>
        <translation>Sign-in refused: wrong user name or password.</translation>
    </message>
    <message>
        <location filename="../src/controllers/app_controller.cpp" line="249"/>
        <source>登录被拒绝：该账号已被停用。</source>
        <translation>Sign-in refused: this account is disabled.</translation>
    </message>
    <message>
        <location filename="../src/controllers/app_controller.cpp" line="251"/>
        <source>登录失败：%1</source>
        <translation>Sign-in failed: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/app_controller.cpp" line="254"/>
        <source>本机数据出错：%1</source>
        <translation>Local data error: %1</translation>
    </message>
</context>
<context>
    <name>RegistryPage</name>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="37"/>
        <source>名称、信用代码、地址、产品或标准</source>
        <translation>Name, credit code, address, product or standard</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="44"/>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="80"/>
        <source>全部领域</source>
        <translation>All fields</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="88"/>
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="95"/>
        <source>产品，如 水泥</source>
        <translation>Product, e.g. 水泥</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="104"/>
        <source>标准，如 GB/T 17671</source>
        <translation>Standard, e.g. GB/T 17671</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="115"/>
        <source>找到 %1 家（本机登记库共 %2 家）</source>
        <translation>%1 found (%2 in the registry on this tablet)</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="116"/>
        <source>本机登记库共 %1 家</source>
        <translation>%1 organisations in the registry on this tablet</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="123"/>
        <source>清除条件</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="196"/>
        <source>加载更多</source>
        <translation>Load more</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="206"/>
        <source>本机还没有登记库数据。请连接网络后同步。</source>
        <translation>No registry data on this tablet yet. Connect and sync.</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="207"/>
        <source>没有符合条件的单位。</source>
        <translation>No organisation matches.</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="229"/>
        <source>单位详情</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="232"/>
        <source>点按左侧的查询结果查看详情和资质认定能力范围。</source>
        <translation>Tap a result to see its details and CMA scope.</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="250"/>
        <source>资质认定（CMA）能力范围</source>
        <translation>CMA qualification scope</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="253"/>
        <source>没有登记能力范围。</source>
        <translation>No scope registered.</translation>
    </message>
    <message>
        <location filename="../qml/pages/RegistryPage.qml" line="283"/>
        <source>关闭详情</source>
        <translation>Close details</translation>
    </message>
</context>
<context>
    <name>RegistryResultsModel</name>
    <message>
        <location filename="../src/models/registry_results_model.cpp" line="14"/>
        <source>生产企业</source>
        <translation>Manufacturer</translation>
    </message>
    <message>
        <location filename="../src/models/registry_results_model.cpp" line="15"/>
        <source>认证机构</source>
        <translation>Certification body</translation>
    </message>
    <message>
        <location filename="../src/models/registry_results_model.cpp" line="16"/>
        <source>检验检测机构</source>
        <translation>Inspection and testing agency</translation>
    </message>
    <message>
        <location filename="../src/models/registry_results_model.cpp" line="17"/>
        <source>参展单位</source>
        <translation>Exhibitor</translation>
    </message>
    <message>
        <location filename="../src/models/registry_results_model.cpp" line="18"/>
        <source>销售者</source>
        <translation>Seller</translation>
    </message>
    <message>
        <location filename="../src/models/registry_results_model.cpp" line="19"/>
        <source>进口商</source>
        <translation>Importer</translation>
    </message>
    <message>
        <location filename="../src/models/registry_results_model.cpp" line="20"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>ResultSelector</name>
    <message>
        <location filename="../qml/components/ResultSelector.qml" line="16"/>
        <source>合格</source>
        <translation>Pass</translation>
    </message>
    <message>
        <location filename="../qml/components/ResultSelector.qml" line="17"/>
        <source>不合格</source>
        <translation>Fail</translation>
    </message>
    <message>
        <location filename="../qml/components/ResultSelector.qml" line="18"/>
        <source>不适用</source>
        <translation>N/A</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="22"/>
        <source>符合</source>
        <translation>Conforming</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="22"/>
        <source>不符合</source>
        <translation>Non-conforming</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="23"/>
        <source>不适用</source>
        <translation>N/A</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="23"/>
        <source>未检查</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="42"/>
        <source>待审核 %1 份</source>
        <translation>%1 awaiting review</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="51"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="60"/>
        <source>审核功能仅供审核人员使用。</source>
        <translation>Review is for supervisors only.</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="67"/>
        <source>没有待审核的检查记录。同步后可看到检查人员新提交的记录。</source>
        <translation>Nothing awaits review. Sync to see records inspectors have just submitted.</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="118"/>
        <source>检查人员：%1 · 提交：%2</source>
        <translation>Inspectors: %1 · submitted %2</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="128"/>
        <source>结论：%1</source>
        <translation>Conclusion: %1</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="133"/>
        <source>不合格项 %1</source>
        <translation>%1 failed</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="138"/>
        <source>证据 %1</source>
        <translation>evidence: %1</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="158"/>
        <source>在左侧选择一份检查记录查看详情。</source>
        <translation>Choose an inspection on the left to see it in full.</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="181"/>
        <source>‹ 返回列表</source>
        <translation>‹ Back to the list</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="196"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="197"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="198"/>
        <source>检查人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="201"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="208"/>
        <source>得分</source>
        <translation>Score</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="209"/>
        <source>%1 分（不合格项 %2）</source>
        <translation>%1 points (%2 failed)</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="212"/>
        <source>结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="213"/>
        <source>检查发现</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="217"/>
        <source>审核意见</source>
        <translation>Review comment</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="231"/>
        <source>这份记录有 %1 个待处理的冲突（检查人员在提交后仍有修改），请在“冲突”页处理。</source>
        <translation>This record has %1 open conflict(s) (edits after submission); resolve them on the Conflicts page.</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="240"/>
        <source>检查项（%1 项）</source>
        <translation>Checklist (%1 items)</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="290"/>
        <source>现场证据（%1 项）</source>
        <translation>Evidence (%1)</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="293"/>
        <source>没有证据。</source>
        <translation>No evidence.</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="311"/>
        <source>拍摄时间</source>
        <translation>Captured</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="312"/>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="312"/>
        <source>无定位信息</source>
        <translation>No location fix</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="315"/>
        <source>文件</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="316"/>
        <source>本机已有，哈希值已核对</source>
        <translation>On this tablet; hash checked</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="316"/>
        <source>在服务器上，尚未下载</source>
        <translation>On the server, not downloaded yet</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="323"/>
        <source>下载并核对</source>
        <translation>Download and check</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="336"/>
        <source>正在下载…</source>
        <translation>Downloading…</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="347"/>
        <source>签名（%1）</source>
        <translation>Signatures (%1)</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="350"/>
        <source>有 %1 个签名在签署后记录又被修改，已失效。</source>
        <translation>%1 signature(s) no longer valid: the record changed after signing.</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="386"/>
        <source>拒绝签名，见证人：%1</source>
        <translation>Refused to sign; witness: %1</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="394"/>
        <source>已失效：签署后记录被修改</source>
        <translation>Not valid: the record changed after signing</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="395"/>
        <source>有效，签名图像与哈希一致</source>
        <translation>Valid; the image matches its hash</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="395"/>
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="409"/>
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="418"/>
        <source>审核意见（退回时必填：写明需要补正的内容）</source>
        <translation>Review comment (required to return: say what must be corrected)</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="441"/>
        <source>这份记录当前为“%1”，无需审核。</source>
        <translation>This record is &quot;%1&quot;: nothing to review.</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="451"/>
        <source>退回补正</source>
        <translation>Return for correction</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="460"/>
        <source>正在提交…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../qml/pages/ReviewPage.qml" line="460"/>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
</context>
<context>
    <name>ServerCall</name>
    <message>
        <location filename="../src/device/server_call.cpp" line="22"/>
        <source>离线演示模式：此操作需要登录服务器。</source>
        <translation>Offline demo: this needs a server sign-in.</translation>
    </message>
    <message>
        <location filename="../src/device/server_call.cpp" line="23"/>
        <source>需要重新登录服务器才能完成此操作。</source>
        <translation>Sign in to the server again to do this.</translation>
    </message>
    <message>
        <location filename="../src/device/server_call.cpp" line="27"/>
        <source>正在同步，请稍候再试。</source>
        <translation>Syncing; try again in a moment.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="19"/>
        <source>语言 Language</source>
        <translation>Language 语言</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="39"/>
        <source>服务器</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="51"/>
        <source>服务器 CA 证书文件（PEM）</source>
        <translation>Server CA certificate file (PEM)</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="57"/>
        <source>账号</source>
        <translation>Account</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="58"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="59"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="62"/>
        <source>角色</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="67"/>
        <source>辖区</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="69"/>
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="76"/>
        <source>本机数据</source>
        <translation>Data on this tablet</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="77"/>
        <source>本机编号</source>
        <translation>Device ID</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="80"/>
        <source>设备证书</source>
        <translation>Device certificate</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="81"/>
        <source>已登记（本机签章可用）</source>
        <translation>Enrolled (this tablet can seal)</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="81"/>
        <source>未登记（登录服务器后自动登记）</source>
        <translation>Not enrolled (enrolls at the first server sign-in)</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="83"/>
        <source>数据目录</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="84"/>
        <source>占用空间</source>
        <translation>Space used</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="85"/>
        <source>待同步更改</source>
        <translation>Changes to sync</translation>
    </message>
    <message>
        <location filename="../qml/pages/SettingsPage.qml" line="85"/>
        <source>%1 项</source>
        <translation>%1</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../qml/pages/SignInPage.qml" line="24"/>
        <source>FieldSeal 现场检查</source>
        <translation>FieldSeal Inspection</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignInPage.qml" line="31"/>
        <source>离线检查 · 电子证据 · 手写签名 · 证书核验</source>
        <translation>Offline inspections · evidence · signatures · certificate checks</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignInPage.qml" line="35"/>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignInPage.qml" line="45"/>
        <source>服务器 CA 证书</source>
        <translation>Server CA certificate</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignInPage.qml" line="55"/>
        <source>ca.pem（由管理员提供）</source>
        <translation>ca.pem (from your administrator)</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignInPage.qml" line="59"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignInPage.qml" line="65"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignInPage.qml" line="72"/>
        <source>例如 insp.wang</source>
        <translation>e.g. insp.wang</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignInPage.qml" line="74"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignInPage.qml" line="93"/>
        <source>正在登录…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignInPage.qml" line="93"/>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignInPage.qml" line="105"/>
        <source>离线演示（无需服务器）</source>
        <translation>Offline demo (no server)</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignInPage.qml" line="112"/>
        <source>本机编号：%1</source>
        <translation>Device ID: %1</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../qml/components/SignaturePad.qml" line="25"/>
        <source>请在此处签名</source>
        <translation>Sign here</translation>
    </message>
</context>
<context>
    <name>SignaturePage</name>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="17"/>
        <source>请先在任务列表中选择一项任务。</source>
        <translation>Choose a task in the task list first.</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="33"/>
        <source>签名 · %1</source>
        <translation>Signatures · %1</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="39"/>
        <source>检查人员</source>
        <translation>Inspector</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="40"/>
        <source>被检查方代表</source>
        <translation>Party representative</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="41"/>
        <source>见证人</source>
        <translation>Witness</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="57"/>
        <source>签名人姓名</source>
        <translation>Signer name</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="84"/>
        <source>被检查方拒绝签名</source>
        <translation>The party refuses to sign</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="92"/>
        <source>见证人姓名</source>
        <translation>Witness name</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="97"/>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="104"/>
        <source>确认签名</source>
        <translation>Confirm signature</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="128"/>
        <source>已签名</source>
        <translation>Signed</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="162"/>
        <source>拒绝签名，见证人：%1</source>
        <translation>Refused to sign; witness: %1</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="173"/>
        <source>签名后记录已修改，此签名已失效</source>
        <translation>Record changed after signing: this signature is stale</translation>
    </message>
    <message>
        <location filename="../qml/pages/SignaturePage.qml" line="184"/>
        <source>还没有签名。</source>
        <translation>No signatures yet.</translation>
    </message>
</context>
<context>
    <name>StatsPage</name>
    <message>
        <location filename="../qml/pages/StatsPage.qml" line="33"/>
        <source>统计（本机数据）</source>
        <translation>Statistics (data on this tablet)</translation>
    </message>
    <message>
        <location filename="../qml/pages/StatsPage.qml" line="42"/>
        <location filename="../qml/pages/StatsPage.qml" line="152"/>
        <source>按月</source>
        <translation>By month</translation>
    </message>
    <message>
        <location filename="../qml/pages/StatsPage.qml" line="43"/>
        <location filename="../qml/pages/StatsPage.qml" line="152"/>
        <source>按季度</source>
        <translation>By quarter</translation>
    </message>
    <message>
        <location filename="../qml/pages/StatsPage.qml" line="44"/>
        <location filename="../qml/pages/StatsPage.qml" line="152"/>
        <source>按年</source>
        <translation>By year</translation>
    </message>
    <message>
        <location filename="../qml/pages/StatsPage.qml" line="56"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../qml/pages/StatsPage.qml" line="67"/>
        <source>正在统计本机的检查记录…</source>
        <translation>Counting the inspections on this tablet…</translation>
    </message>
    <message>
        <location filename="../qml/pages/StatsPage.qml" line="126"/>
        <source>按区</source>
        <translation>By district</translation>
    </message>
    <message>
        <location filename="../qml/pages/StatsPage.qml" line="134"/>
        <source>按检查类型</source>
        <translation>By inspection type</translation>
    </message>
    <message>
        <location filename="../qml/pages/StatsPage.qml" line="143"/>
        <source>按检查结论</source>
        <translation>By conclusion</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="21"/>
        <source>同步状态</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="22"/>
        <source>待上传的更改</source>
        <translation>Changes to send</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="22"/>
        <location filename="../qml/pages/SyncPage.qml" line="31"/>
        <source>%1 项</source>
        <translation>%1</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="23"/>
        <source>待上传的证据文件</source>
        <translation>Evidence files to upload</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="24"/>
        <source>上次同步</source>
        <translation>Last sync</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="24"/>
        <source>从未同步</source>
        <translation>Never</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="27"/>
        <source>上次错误</source>
        <translation>Last error</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="28"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="31"/>
        <source>待处理冲突</source>
        <translation>Open conflicts</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="32"/>
        <source>服务器</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="32"/>
        <source>未设置（离线演示）</source>
        <translation>Not set (offline demo)</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="33"/>
        <source>本次结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="46"/>
        <source>所有更改先保存在本机，联网后同步。</source>
        <translation>Every change is saved on this tablet first and synced when online.</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="54"/>
        <source>正在同步…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="54"/>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../qml/pages/SyncPage.qml" line="63"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>TaskDelegate</name>
    <message>
        <location filename="../qml/components/TaskDelegate.qml" line="57"/>
        <source>检查人员：%1</source>
        <translation>Inspectors: %1</translation>
    </message>
    <message>
        <location filename="../qml/components/TaskDelegate.qml" line="85"/>
        <source>已逾期 %1</source>
        <translation>Overdue %1</translation>
    </message>
    <message>
        <location filename="../qml/components/TaskDelegate.qml" line="85"/>
        <source>截止 %1</source>
        <translation>Due %1</translation>
    </message>
</context>
<context>
    <name>TaskListPage</name>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="25"/>
        <source>搜索单位名称、信用代码、地址或计划编号</source>
        <translation>Search name, credit code, address, plan</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="35"/>
        <source>全部检查类型</source>
        <translation>All inspection types</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="47"/>
        <source>全部期限</source>
        <translation>Any due date</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="48"/>
        <source>已逾期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="49"/>
        <source>7 天内到期</source>
        <translation>Due within 7 days</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="50"/>
        <source>30 天内到期</source>
        <translation>Due within 30 days</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="61"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="62"/>
        <source>待检查</source>
        <translation>To inspect</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="63"/>
        <source>检查中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="64"/>
        <source>待审核</source>
        <translation>Awaiting review</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="65"/>
        <source>已退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="66"/>
        <source>已通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="95"/>
        <source>本机还没有任务。请连接网络后同步。</source>
        <translation>No tasks on this tablet yet. Sync when online.</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="95"/>
        <source>没有符合条件的任务。</source>
        <translation>No tasks match.</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="104"/>
        <source>显示 %1 项，共 %2 项任务</source>
        <translation>Showing %1 of %2 tasks</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="94"/>
        <source>正在读取全部任务…</source>
        <translation>Reading every task…</translation>
    </message>
    <message>
        <location filename="../qml/pages/TaskListPage.qml" line="103"/>
        <source>正在读取全部任务…已显示前 %1 项，共 %2 项</source>
        <translation>Reading every task… showing the first %1 of %2</translation>
    </message>
</context>
<context>
    <name>VerificationController</name>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="24"/>
        <source>证书类型</source>
        <translation>Certificate kind</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="25"/>
        <source>证书编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="26"/>
        <source>持证人</source>
        <translation>Holder</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="27"/>
        <source>统一社会信用代码</source>
        <translation>Credit code (USCC)</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="28"/>
        <source>范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="29"/>
        <source>有效期起</source>
        <translation>Valid from</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="30"/>
        <source>有效期至</source>
        <translation>Valid to</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="31"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="32"/>
        <source>展会</source>
        <translation>Exhibition</translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message>
        <location filename="../qml/pages/VerifyPage.qml" line="36"/>
        <source>证书核验</source>
        <translation>Verify</translation>
    </message>
    <message>
        <location filename="../qml/pages/VerifyPage.qml" line="39"/>
        <source>本机信任列表：第 %1 版（离线核验）</source>
        <translation>Trust list on this tablet: sequence %1 (offline check)</translation>
    </message>
    <message>
        <location filename="../qml/pages/VerifyPage.qml" line="40"/>
        <source>本机还没有信任列表：请同步或导入后再核验。</source>
        <translation>No trust list on this tablet yet: sync or import one first.</translation>
    </message>
    <message>
        <location filename="../qml/pages/VerifyPage.qml" line="51"/>
        <source>粘贴证书二维码内容（以 FS1: 开头）或电子证书 JSON</source>
        <translation>Paste the certificate QR text (starting FS1:) or its JSON</translation>
    </message>
    <message>
        <location filename="../qml/pages/VerifyPage.qml" line="61"/>
        <source>核验</source>
        <translation>Verify</translation>
    </message>
    <message>
        <location filename="../qml/pages/VerifyPage.qml" line="68"/>
        <source>从图片识别二维码</source>
        <translation>Read QR code from image</translation>
    </message>
    <message>
        <location filename="../qml/pages/VerifyPage.qml" line="73"/>
        <source>导入信任列表</source>
        <translation>Import trust list</translation>
    </message>
    <message>
        <location filename="../qml/pages/VerifyPage.qml" line="138"/>
        <source>已记录为证据</source>
        <translation>Recorded as evidence</translation>
    </message>
    <message>
        <location filename="../qml/pages/VerifyPage.qml" line="138"/>
        <source>记录为当前检查的证据</source>
        <translation>Record as evidence of this inspection</translation>
    </message>
    <message>
        <location filename="../qml/pages/VerifyPage.qml" line="145"/>
        <source>（未打开检查）</source>
        <translation>(no inspection open)</translation>
    </message>
</context>
<context>
    <name>fieldseal::app::AppController</name>
    <message>
        <location filename="../src/controllers/app_controller.cpp" line="188"/>
        <source>请填写服务器地址、用户名和密码。</source>
        <translation>Enter the server address, user name and password.</translation>
    </message>
    <message>
        <location filename="../src/controllers/app_controller.cpp" line="196"/>
        <source>请选择服务器的 CA 证书文件（PEM），用于确认连接的是本单位的服务器。</source>
        <translation>Choose the server&apos;s CA certificate file (PEM): it proves the connection is to your bureau&apos;s server.</translation>
    </message>
    <message>
        <location filename="../src/controllers/app_controller.cpp" line="277"/>
        <source>无法打开本机数据：%1</source>
        <translation>Cannot open the data on this tablet: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/app_controller.cpp" line="305"/>
        <source>缺少演示数据。</source>
        <translation>Demo data missing.</translation>
    </message>
    <message>
        <location filename="../src/controllers/app_controller.cpp" line="314"/>
        <location filename="../src/controllers/app_controller.cpp" line="321"/>
        <source>演示数据：%1</source>
        <translation>Demo data: %1</translation>
    </message>
</context>
<context>
    <name>fieldseal::app::CccExemptionController</name>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="137"/>
        <source>HS 编码“%1”无效：应为 6 至 10 位数字。</source>
        <translation>HS code “%1” is not valid: it must have 6 to 10 digits.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="144"/>
        <source>请填写展品名称。</source>
        <translation>Enter the exhibit&apos;s name.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="146"/>
        <source>请选择 CCC 目录类别。</source>
        <translation>Choose the CCC catalogue category.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="147"/>
        <source>数量至少为 1。</source>
        <translation>The quantity must be at least 1.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="181"/>
        <source>申请人在便捷通道名单内。</source>
        <translation>The applicant is on the fast-channel list.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="183"/>
        <source>申请人不在便捷通道名单内：可签发，但不按便捷通道办理。</source>
        <translation>The applicant is not on the fast-channel list: the exemption can be issued, but not through the fast channel.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="185"/>
        <source>本机还没有信任列表，无法核对便捷通道名单。请先联网同步或导入信任列表。</source>
        <translation>This device has no trust list yet, so the fast-channel list cannot be checked. Sync or import a trust list first.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="186"/>
        <source>尚未核对便捷通道名单。</source>
        <translation>Fast-channel list not checked yet.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="191"/>
        <source>请填写展会名称。</source>
        <translation>Enter the exhibition&apos;s name.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="192"/>
        <source>请填写申请人名称。</source>
        <translation>Enter the applicant&apos;s name.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="195"/>
        <source>统一社会信用代码无效：%1</source>
        <translation>The unified social credit code is not valid: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="197"/>
        <source>请至少添加一件展品。</source>
        <translation>Add at least one exhibit.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="204"/>
        <source>当前账号不能签发免办证明。</source>
        <translation>This account cannot issue exemptions.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="231"/>
        <source>设备签章失败：%1</source>
        <translation>The device seal failed: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="242"/>
        <source>免办证明未能保存：%1</source>
        <translation>The exemption was not saved: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="256"/>
        <source>找不到免办证明 %1。</source>
        <translation>Exemption %1 not found.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="310"/>
        <source>已正式加盖公章</source>
        <translation>Officially sealed</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="311"/>
        <source>已作废</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="313"/>
        <source>已签发，未经设备签章：本机尚未登记设备密钥，服务器不会为其加盖公章，需在已登记的设备上重新签发</source>
        <translation>Issued without a device seal: this device has no enrolled key, so the server will not counter-seal it. Issue it again on an enrolled device</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="314"/>
        <source>已签发，等待服务器加盖公章</source>
        <translation>Issued, awaiting the server&apos;s counter-seal</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="319"/>
        <source>请先签发免办证明。</source>
        <translation>Issue the exemption first.</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="340"/>
        <source>CCC 免办证明（展会展品）</source>
        <translation>CCC exemption certificate (exhibition exhibits)</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="343"/>
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="344"/>
        <source>展会</source>
        <translation>Exhibition</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="345"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="346"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="346"/>
        <source>无（境外申请人）</source>
        <translation>None (foreign applicant)</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="347"/>
        <source>用途</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="348"/>
        <source>便捷通道</source>
        <translation>Fast channel</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="348"/>
        <source>未核对</source>
        <translation>Not checked</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="349"/>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="350"/>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="351"/>
        <source>签发人</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="352"/>
        <source>辖区</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="353"/>
        <source>展品名称</source>
        <translation>Exhibit name</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="353"/>
        <source>型号</source>
        <translation>Model</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="353"/>
        <source>HS 编码</source>
        <translation>HS code</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="353"/>
        <source>CCC 目录类别</source>
        <translation>CCC catalogue category</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="353"/>
        <source>数量</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="353"/>
        <source>原产地</source>
        <translation>Origin</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="360"/>
        <source>扫码核验设备签章</source>
        <translation>Scan to verify the device seal</translation>
    </message>
    <message>
        <location filename="../src/controllers/ccc_exemption_controller.cpp" line="329"/>
        <source>PDF 未能导出：%1</source>
        <translation>The PDF was not exported: %1</translation>
    </message>
</context>
<context>
    <name>fieldseal::app::ConflictController</name>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="53"/>
        <location filename="../src/controllers/conflict_controller.cpp" line="54"/>
        <source>检查项：%1</source>
        <translation>Checklist item: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="60"/>
        <source>检查发现</source>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="60"/>
        <source>检查结论</source>
        <translation>Conclusion</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="61"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="61"/>
        <source>检查人员</source>
        <translation>Inspectors</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="62"/>
        <source>审核意见</source>
        <translation>Review comment</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="62"/>
        <source>开始时间</source>
        <translation>Started</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="63"/>
        <source>结束时间</source>
        <translation>Ended</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="63"/>
        <source>检查地点</source>
        <translation>Place of inspection</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="64"/>
        <source>展品</source>
        <translation>Exhibits</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="64"/>
        <source>申请人</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="65"/>
        <source>截止日期</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="65"/>
        <source>任务状态</source>
        <translation>Task status</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="73"/>
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="108"/>
        <source>检查：%1</source>
        <translation>Inspection: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="118"/>
        <source>待处理</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="118"/>
        <source>已处理</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="122"/>
        <source>%1 于 %2 %3</source>
        <translation>%1, %2: %3</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="125"/>
        <source>采用了对方的修改</source>
        <translation>used the kept edits</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="126"/>
        <source>保留了现有内容</source>
        <translation>kept the current content</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="151"/>
        <source>已签名</source>
        <translation>signed</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="153"/>
        <source>保留的修改来自设备 %1。</source>
        <translation>The kept edits come from device %1.</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="155"/>
        <source>%1 于 %2 修改（基于旧版本）。</source>
        <translation>Edited by %1 at %2 (on an older version).</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="156"/>
        <source>%1 于 %2 修改，当时还不知道记录已变为“%3”。</source>
        <translation>Edited by %1 at %2, before they knew the record had become &quot;%3&quot;.</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="229"/>
        <source>只有审核人员可以处理冲突。</source>
        <translation>Only supervisors resolve conflicts.</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="233"/>
        <source>请先选择一个待处理的冲突。</source>
        <translation>Choose an open conflict first.</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="251"/>
        <source>服务器拒绝：冲突已处理，或检查记录已审核通过不能再改。同步后再看。</source>
        <translation>Refused by the server: the conflict is already resolved, or the inspection is approved and final. Sync to see the latest.</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="253"/>
        <source>服务器拒绝：无权处理这个冲突。</source>
        <translation>Refused by the server: you may not resolve this conflict.</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="255"/>
        <source>处理结果未能送达服务器：%1</source>
        <translation>The resolution did not reach the server: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="259"/>
        <source>已采用对方的修改。正在同步…</source>
        <translation>Kept edits applied. Syncing…</translation>
    </message>
    <message>
        <location filename="../src/controllers/conflict_controller.cpp" line="259"/>
        <source>已保留现有内容。正在同步…</source>
        <translation>Current content kept. Syncing…</translation>
    </message>
</context>
<context>
    <name>fieldseal::app::DrawController</name>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="155"/>
        <source>不是抽取结果（应为 %1 或 %2）。</source>
        <translation>Not a draw result (expected %1 or %2).</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="168"/>
        <source>抽取算法</source>
        <translation>Algorithm</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="214"/>
        <source>按 %1 重新抽取，%2 项任务与公布的结果完全一致。</source>
        <translation>Re-run with %1: all %2 tasks equal the published result.</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="231"/>
        <source>这项任务不是由抽取产生的（任务中没有抽取编号）。</source>
        <translation>This task was not assigned by a draw (it has no draw id).</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="244"/>
        <source>“%1”不是抽取编号。</source>
        <translation>“%1” is not a draw id.</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="249"/>
        <source>未连接服务器</source>
        <translation>not connected to the server</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="270"/>
        <source>服务器上没有抽取 %1。</source>
        <translation>The server has no draw %1.</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="278"/>
        <source>抽取 %1 尚未进行：目前只公布了计划和种子承诺。</source>
        <translation>Draw %1 has not been run yet: only its plan and seed commitment are published.</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="290"/>
        <source>服务器公示</source>
        <translation>published by the server</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="303"/>
        <source>抽取 %1 的结果不在本机上（%2）。联网登录后再打开。</source>
        <translation>The result of draw %1 is not on this tablet (%2). Sign in online and open it again.</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="307"/>
        <source>本机保存的副本（%1）</source>
        <translation>copy kept on this tablet (%1)</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="318"/>
        <source>这不是已公布的抽取（缺少计划或结果）。</source>
        <translation>This is not a published draw (its plan or result is missing).</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="326"/>
        <source>抽取 %1 的计划</source>
        <translation>Plan of draw %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="328"/>
        <source>抽取 %1 的结果</source>
        <translation>Result of draw %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="58"/>
        <source>抽取结果可信：签章有效，重新抽取结果一致</source>
        <translation>Draw result confirmed: seal valid, re-run gives the same result</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="59"/>
        <source>抽取结果未通过核验</source>
        <translation>The draw result failed the checks</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="60"/>
        <source>抽取结果部分无法核验</source>
        <translation>Parts of the draw result could not be checked</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="76"/>
        <source>无法读取文件：%1</source>
        <translation>Cannot read the file: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="87"/>
        <location filename="../src/controllers/draw_controller.cpp" line="104"/>
        <source>（已载入）</source>
        <translation>(loaded)</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="97"/>
        <source>这不是抽取结果文件（不是 JSON 对象）。</source>
        <translation>This is not a draw result (not a JSON object).</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="143"/>
        <location filename="../src/controllers/draw_controller.cpp" line="147"/>
        <location filename="../src/controllers/draw_controller.cpp" line="151"/>
        <source>签章</source>
        <translation>Seal</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="143"/>
        <source>本机没有信任列表，无法核验签章。请同步或导入信任列表。</source>
        <translation>No trust list on this tablet, so the seal cannot be checked. Sync or import a trust list.</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="148"/>
        <source>有效（%1，签章时间 %2）</source>
        <translation>Valid (%1, sealed at %2)</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="151"/>
        <source>未加盖签章：这是未签章的结果文件，只能核对其内容。</source>
        <translation>Not sealed: this result file carries no seal; only its content can be checked.</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="154"/>
        <source>结果格式</source>
        <translation>Result format</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="162"/>
        <source>计划编号</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="163"/>
        <source>名称</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="164"/>
        <source>检查类型</source>
        <translation>Inspection type</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="165"/>
        <source>完成期限</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="166"/>
        <source>符合条件的单位</source>
        <translation>Eligible organisations</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="167"/>
        <source>抽取数量</source>
        <translation>Sample size</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="169"/>
        <source>计划 SHA-256</source>
        <translation>Plan SHA-256</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="170"/>
        <source>种子</source>
        <translation>Seed</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="171"/>
        <source>种子 SHA-256</source>
        <translation>Seed SHA-256</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="186"/>
        <location filename="../src/controllers/draw_controller.cpp" line="188"/>
        <location filename="../src/controllers/draw_controller.cpp" line="198"/>
        <location filename="../src/controllers/draw_controller.cpp" line="200"/>
        <location filename="../src/controllers/draw_controller.cpp" line="202"/>
        <source>种子承诺</source>
        <translation>Seed commitment</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="186"/>
        <source>结果中的种子无效：%1</source>
        <translation>The seed in the result is invalid: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="188"/>
        <source>种子的 SHA-256 与结果中的 seed_sha256 不符。</source>
        <translation>The seed&apos;s SHA-256 differs from the result&apos;s seed_sha256.</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="193"/>
        <location filename="../src/controllers/draw_controller.cpp" line="206"/>
        <location filename="../src/controllers/draw_controller.cpp" line="213"/>
        <source>重新抽取</source>
        <translation>Re-run</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="193"/>
        <source>请打开该次抽取公布的计划文件，才能重新抽取并核对结果。</source>
        <translation>Open the plan published for this draw to re-run it and compare.</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="195"/>
        <location filename="../src/controllers/draw_controller.cpp" line="209"/>
        <location filename="../src/controllers/draw_controller.cpp" line="211"/>
        <source>抽取计划</source>
        <translation>Plan</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="195"/>
        <source>计划文件无效：%1</source>
        <translation>The plan is invalid: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="198"/>
        <source>计划中没有事先公布的种子承诺，无法证明种子是在抽取前确定的。</source>
        <translation>The plan has no seed commitment, so nothing shows the seed was fixed before the draw.</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="200"/>
        <source>种子与计划事先公布的承诺不符：%1</source>
        <translation>The seed does not match the plan&apos;s published commitment: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="202"/>
        <source>种子与计划事先公布的承诺 %1… 相符。</source>
        <translation>The seed matches the plan&apos;s published commitment %1….</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="206"/>
        <source>无法重新抽取：%1</source>
        <translation>Cannot re-run the draw: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="209"/>
        <source>这不是该结果所用的计划（计划 SHA-256 不同）。</source>
        <translation>This is not the plan of this result (the plan SHA-256 differs).</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="211"/>
        <source>计划与结果中的计划 SHA-256 相符。</source>
        <translation>The plan matches the result&apos;s plan SHA-256.</translation>
    </message>
    <message>
        <location filename="../src/controllers/draw_controller.cpp" line="215"/>
        <source>重新抽取的结果与公布的不同：%1</source>
        <translation>The re-run differs from the published result: %1</translation>
    </message>
</context>
<context>
    <name>fieldseal::app::InspectionController</name>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="131"/>
        <source>找不到检查表模板 %1。</source>
        <translation>Checklist template %1 not found.</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="139"/>
        <source>必查项未检查：%1</source>
        <translation>Required item not checked: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="141"/>
        <source>不合格项需写明情况：%1</source>
        <translation>Failed item needs a note: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="144"/>
        <source>请选择检查结论。</source>
        <translation>Choose a conclusion.</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="146"/>
        <source>存在不合格项，结论不能为“符合”。</source>
        <translation>Items failed: the conclusion cannot be &quot;conforming&quot;.</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="147"/>
        <source>存在不合格项，请填写检查发现。</source>
        <translation>Items failed: write the findings.</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="148"/>
        <source>现场检查须有两名检查人员。</source>
        <translation>An on-site inspection needs two inspectors.</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="159"/>
        <source>本人已阅读上述检查记录，确认内容与现场情况一致。</source>
        <translation>I have read this inspection record and confirm it matches what was found on site.</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="171"/>
        <source>找不到任务 %1。</source>
        <translation>Task %1 not found.</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="249"/>
        <location filename="../src/controllers/inspection_controller.cpp" line="286"/>
        <location filename="../src/controllers/inspection_controller.cpp" line="299"/>
        <location filename="../src/controllers/inspection_controller.cpp" line="323"/>
        <location filename="../src/controllers/inspection_controller.cpp" line="360"/>
        <source>没有打开的检查。</source>
        <translation>No inspection is open.</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="250"/>
        <source>检查记录已提交，不能修改。</source>
        <translation>The record has been submitted and cannot be changed.</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="258"/>
        <source>无效的检查结果：%1</source>
        <translation>Not a valid result: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="259"/>
        <location filename="../src/controllers/inspection_controller.cpp" line="266"/>
        <source>检查表中没有此项：%1</source>
        <translation>No such checklist item: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="302"/>
        <source>无法读取文件：%1</source>
        <translation>Cannot read the file: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="305"/>
        <location filename="../src/controllers/inspection_controller.cpp" line="327"/>
        <source>无法保存证据文件。</source>
        <translation>Cannot save the evidence file.</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="361"/>
        <source>请填写签名人姓名。</source>
        <translation>Enter the signer&apos;s name.</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="362"/>
        <source>拒绝签名时须填写见证人。</source>
        <translation>A refusal needs a witness.</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="363"/>
        <source>请在签名区内签名。</source>
        <translation>Sign in the signature box.</translation>
    </message>
    <message>
        <location filename="../src/controllers/inspection_controller.cpp" line="382"/>
        <source>无法保存签名图像。</source>
        <translation>Cannot save the signature image.</translation>
    </message>
</context>
<context>
    <name>fieldseal::app::LocationProvider</name>
    <message>
        <location filename="../src/platform/location_provider.cpp" line="18"/>
        <source>正在定位…</source>
        <translation>Locating…</translation>
    </message>
    <message>
        <location filename="../src/platform/location_provider.cpp" line="21"/>
        <source>已定位：%1, %2（±%3 米）</source>
        <translation>Located: %1, %2 (±%3 m)</translation>
    </message>
    <message>
        <location filename="../src/platform/location_provider.cpp" line="26"/>
        <source>本机无法定位：证据不记录地点。</source>
        <translation>No location on this tablet: evidence is recorded without a place.</translation>
    </message>
    <message>
        <location filename="../src/platform/location_provider.cpp" line="27"/>
        <source>未定位</source>
        <translation>Not located</translation>
    </message>
</context>
<context>
    <name>fieldseal::app::RegistryController</name>
    <message>
        <location filename="../src/controllers/registry_controller.cpp" line="56"/>
        <source>全部区</source>
        <translation>All districts</translation>
    </message>
    <message>
        <location filename="../src/controllers/registry_controller.cpp" line="63"/>
        <source>全部类型</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <location filename="../src/controllers/registry_controller.cpp" line="128"/>
        <source>尚未登录，数据未打开。</source>
        <translation>Not signed in: no data is open.</translation>
    </message>
    <message>
        <location filename="../src/controllers/registry_controller.cpp" line="132"/>
        <source>正在同步，请稍候再查询。</source>
        <translation>Sync in progress; search again in a moment.</translation>
    </message>
    <message>
        <location filename="../src/controllers/registry_controller.cpp" line="204"/>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <location filename="../src/controllers/registry_controller.cpp" line="205"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../src/controllers/registry_controller.cpp" line="206"/>
        <source>所在区</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../src/controllers/registry_controller.cpp" line="207"/>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../src/controllers/registry_controller.cpp" line="208"/>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
</context>
<context>
    <name>fieldseal::app::ReviewController</name>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="103"/>
        <source>找不到这份检查记录。</source>
        <translation>This inspection is not on this tablet.</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="270"/>
        <source>没有打开的检查记录。</source>
        <translation>No inspection is open.</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="274"/>
        <source>只有审核人员可以审核检查记录。</source>
        <translation>Only supervisors review inspections.</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="278"/>
        <source>这份检查记录是“%1”，不是待审核状态。</source>
        <translation>This inspection is &quot;%1&quot;, not awaiting review.</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="282"/>
        <source>退回时请写明需要检查人员补正的内容。</source>
        <translation>To return it, say what the inspectors must correct.</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="299"/>
        <source>服务器上这份检查已不是待审核状态（可能已由他人处理）。同步后再看。</source>
        <translation>On the server this inspection no longer awaits review (someone may have decided it). Sync to see the latest.</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="301"/>
        <source>服务器拒绝：无权审核这份检查记录。</source>
        <translation>Refused by the server: you may not review this inspection.</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="303"/>
        <source>审核结果未能送达服务器：%1</source>
        <translation>The decision did not reach the server: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="308"/>
        <source>已通过审核。正在同步…</source>
        <translation>Approved. Syncing…</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="308"/>
        <source>已退回检查人员。正在同步…</source>
        <translation>Returned to the inspectors. Syncing…</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="327"/>
        <source>审核决定未能保存：%1</source>
        <translation>The decision could not be saved: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="331"/>
        <source>已通过审核（离线）。决定已保存在本机，下次同步时发送。</source>
        <translation>Approved (offline). The decision is kept on this tablet and sent at the next sync.</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="332"/>
        <source>已退回检查人员（离线）。决定已保存在本机，下次同步时发送。</source>
        <translation>Returned to the inspectors (offline). The decision is kept on this tablet and sent at the next sync.</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="357"/>
        <source>检查人员还在上传这份证据，稍后再试。</source>
        <translation>The inspector is still uploading this evidence. Try again later.</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="358"/>
        <source>证据未能下载：%1</source>
        <translation>The evidence could not be downloaded: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/review_controller.cpp" line="361"/>
        <source>证据已下载，哈希值核对一致。</source>
        <translation>Evidence downloaded; its hash matches.</translation>
    </message>
</context>
<context>
    <name>fieldseal::app::StatsController</name>
    <message>
        <location filename="../src/controllers/stats_controller.cpp" line="52"/>
        <source>尚未登录，数据未打开。</source>
        <translation>Not signed in: no data is open.</translation>
    </message>
    <message>
        <location filename="../src/controllers/stats_controller.cpp" line="57"/>
        <source>正在同步，请稍候再统计。</source>
        <translation>Sync in progress; try again in a moment.</translation>
    </message>
    <message>
        <location filename="../src/controllers/stats_controller.cpp" line="103"/>
        <source>检查总数</source>
        <translation>Inspections</translation>
    </message>
    <message>
        <location filename="../src/controllers/stats_controller.cpp" line="104"/>
        <source>待审核</source>
        <translation>Awaiting review</translation>
    </message>
    <message>
        <location filename="../src/controllers/stats_controller.cpp" line="105"/>
        <source>已通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../src/controllers/stats_controller.cpp" line="106"/>
        <source>证书核验</source>
        <translation>Certificate checks</translation>
    </message>
    <message>
        <location filename="../src/controllers/stats_controller.cpp" line="107"/>
        <source>核验未通过</source>
        <translation>Failed checks</translation>
    </message>
    <message>
        <location filename="../src/controllers/stats_controller.cpp" line="108"/>
        <source>免办证明签发</source>
        <translation>CCC exemptions issued</translation>
    </message>
    <message>
        <location filename="../src/controllers/stats_controller.cpp" line="109"/>
        <source>其中已加盖正式签章</source>
        <translation>of which officially sealed</translation>
    </message>
    <message>
        <location filename="../src/controllers/stats_controller.cpp" line="110"/>
        <source>未解决的冲突</source>
        <translation>Open conflicts</translation>
    </message>
    <message>
        <location filename="../src/controllers/stats_controller.cpp" line="111"/>
        <source>已解决的冲突</source>
        <translation>Resolved conflicts</translation>
    </message>
    <message>
        <location filename="../src/controllers/stats_controller.cpp" line="129"/>
        <source>未填写</source>
        <translation>Not given</translation>
    </message>
    <message>
        <location filename="../src/controllers/stats_controller.cpp" line="131"/>
        <source>尚无结论</source>
        <translation>No conclusion yet</translation>
    </message>
</context>
<context>
    <name>fieldseal::app::SyncController</name>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="88"/>
        <source>尚未登录。</source>
        <translation>Not signed in.</translation>
    </message>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="93"/>
        <source>离线演示模式：没有服务器会话，无法同步。请在设置中登录服务器。</source>
        <translation>Offline demo: no server session to sync with. Sign in to a server first.</translation>
    </message>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="94"/>
        <source>需要重新登录服务器后才能同步；本机数据都已保留。</source>
        <translation>Sign in to the server again to sync; all data on this tablet is kept.</translation>
    </message>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="99"/>
        <source>正在与服务器通信，请稍候再同步。</source>
        <translation>Talking to the server; sync again in a moment.</translation>
    </message>
    <message>
        <location filename="../src/controllers/sync_controller.cpp" line="107"/>
        <source>正在连接服务器…</source>
        <translation>Connecting to the server…</translation>
    </message>
</context>
<context>
    <name>fieldseal::app::TaskListModel</name>
    <message>
        <location filename="../src/models/task_list_model.cpp" line="116"/>
        <location filename="../src/models/task_list_model.cpp" line="137"/>
        <source>无法读取任务列表：%1</source>
        <translation>Cannot read the task list: %1</translation>
    </message>
</context>
<context>
    <name>fieldseal::app::VerificationController</name>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="75"/>
        <source>信任列表不是有效的 JSON。</source>
        <translation>The trust list is not valid JSON.</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="79"/>
        <source>信任列表未能安装：%1</source>
        <translation>Trust list not installed: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="92"/>
        <source>无法读取文件：%1</source>
        <translation>Cannot read the file: %1</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="128"/>
        <source>无法打开图片。</source>
        <translation>Cannot open the image.</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="134"/>
        <source>图片中没有找到二维码。</source>
        <translation>No QR code found in the image.</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="151"/>
        <source>证书真实有效</source>
        <translation>Certificate is genuine and valid</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="152"/>
        <source>证书验证未通过</source>
        <translation>Certificate check FAILED</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="153"/>
        <source>暂时无法确认</source>
        <translation>Cannot be confirmed yet</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="165"/>
        <source>结论</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="167"/>
        <source>印章</source>
        <translation>Seal</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="169"/>
        <source>签章人</source>
        <translation>Sealed by</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="170"/>
        <source>签章时间</source>
        <translation>Sealed at</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="171"/>
        <source>算法</source>
        <translation>Algorithm</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="173"/>
        <source>信任列表版本</source>
        <translation>Trust list</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="174"/>
        <source>技术细节</source>
        <translation>Technical detail</translation>
    </message>
    <message>
        <location filename="../src/controllers/verification_controller.cpp" line="192"/>
        <source>请先打开一项检查，再记录核验结果。</source>
        <translation>Open an inspection first to record the check.</translation>
    </message>
</context>
</TS>

//! The bilingual message catalogue: Simplified Chinese (default, clause 1.3.2) and English.
//!
//! Every visible string is a [`Msg`]; a missing translation is a compile error because each
//! entry must name both texts. Errors travel to the browser as a `Msg`, never as text, so the
//! browser shows them in the reader's language.

use serde::{Deserialize, Serialize};

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// BCP 47 tag for `<html lang>` and the cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Accepts `zh-CN`, `zh`, `en`, `en-US` …; anything else is `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        if t == "zh" || t.starts_with("zh-") {
            Some(Lang::Zh)
        } else if t == "en" || t.starts_with("en-") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first supported language in an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        header
            .split(',')
            .filter_map(|part| part.split(';').next())
            .find_map(Lang::from_tag)
    }

    /// The one of a bilingual pair of texts for this language (`name_zh` / `name_en` fields).
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

macro_rules! catalogue {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A translatable message.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Msg { $($key),* }

        impl Msg {
            /// The text of this message in `lang`.
            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Msg::$key, Lang::Zh) => $zh, (Msg::$key, Lang::En) => $en,)*
                }
            }

            /// Every message, for completeness tests.
            pub const ALL: &'static [Msg] = &[$(Msg::$key),*];
        }
    };
}

catalogue! {
    // Shell and navigation
    AppName => "VIP 客户服务", "VIP Care";
    NavHome => "首页", "Home";
    NavComplaintChannels => "投诉渠道", "Complaint channels";
    NavSignIn => "登录", "Sign in";
    NavRegister => "注册", "Register";
    NavSignOut => "退出登录", "Sign out";
    NavPortal => "我的 VIP", "My VIP";
    NavAdmin => "管理后台", "Admin";
    NavAccount => "账户设置", "Account";
    NavStaff => "员工管理", "Staff";
    NavAudit => "审计日志", "Audit log";
    SwitchLanguage => "English", "中文";
    SwitchLanguageLabel => "切换语言", "Switch language";
    SkipToContent => "跳到主要内容", "Skip to main content";
    MainNavigation => "主导航", "Main navigation";
    FooterAgreement => "依据《2025年度VIP客户服务品质提升与权益维护协议》提供服务", "Service under the 2025 VIP Customer Service Quality Improvement and Rights Protection Agreement";
    Clause => "条款", "Clause";
    Loading => "加载中…", "Loading…";
    Save => "保存", "Save";
    Cancel => "取消", "Cancel";
    Yes => "是", "Yes";
    No => "否", "No";
    // Home
    HomeTitle => "VIP 客户计划", "The VIP customer programme";
    HomeLead => "年度消费或积分达到标准的客户,可申请成为 VIP,享受专属客服、优先处理和定制化服务。", "Customers who reach the annual spend or points standard may apply to become VIP and enjoy a dedicated agent, priority handling and customised service.";
    HomeLevelsTitle => "VIP 等级与资格标准", "VIP levels and criteria";
    HomeLevelsNote => "资格按申请日前滚动 12 个月计算:消费金额或积分,满足其一即可。", "Eligibility is measured over the rolling 12 months before today: spend or points, either one is enough.";
    LevelName => "等级", "Level";
    LevelSpend => "年度消费", "Annual spend";
    LevelPoints => "或年度积分", "or annual points";
    LevelDiscount => "服务费折扣", "Fee discount";
    LevelEntryFee => "入会费", "Entry fee";
    NoLevels => "暂无 VIP 等级。", "No VIP levels are defined yet.";
    HomeRightsTitle => "VIP 客户的权益", "What a VIP customer gets";
    RightDedicatedAgent => "专属客服,7×24 小时在线咨询", "A dedicated agent and 24×7 online consultation";
    RightPriority => "同等条件下优先处理咨询与投诉", "Priority for inquiries and complaints under equal conditions";
    RightCustomised => "根据需求提供个性化服务方案", "Personalised service plans on request";
    HomeStepsTitle => "如何成为 VIP", "How to become VIP";
    StepRegister => "注册账户并累计消费或积分", "Register and build up spend or points";
    StepApply => "提交申请材料", "Submit your application materials";
    StepReview => "我们审核资格", "We review your eligibility";
    StepSign => "双方签署 VIP 客户服务协议", "Both parties sign the VIP service agreement";
    CtaRegister => "立即注册", "Register now";
    CtaPortal => "进入我的 VIP", "Go to My VIP";
    // Complaint channels (7.1)
    ChannelsTitle => "投诉渠道与方式", "Complaint channels";
    ChannelsLead => "您可以通过以下任一渠道提出投诉,我们将在 24 小时内确认受理,7 日内提出处理方案。", "You may complain through any of these channels. We acknowledge within 24 hours and propose a resolution within 7 days.";
    ChannelWeb => "网上", "Online";
    ChannelWebText => "登录后在“我的 VIP”中提交投诉", "Sign in and file a complaint in My VIP";
    ChannelPhone => "电话", "Phone";
    ChannelEmail => "电子邮件", "E-mail";
    ChannelBranch => "到店", "In person";
    ChannelBranchText => "公司总部及各授权分支机构", "At headquarters and every authorised branch";
    // Sign in / register
    SignInTitle => "登录", "Sign in";
    Email => "电子邮箱", "E-mail";
    Password => "密码", "Password";
    SignInSubmit => "登录", "Sign in";
    NoAccountYet => "还没有账户?", "No account yet?";
    HaveAccount => "已有账户?", "Already registered?";
    RegisterTitle => "注册账户", "Create your account";
    FullName => "姓名", "Full name";
    Phone => "手机号码", "Phone";
    PasswordHint => "至少 10 个字符。", "At least 10 characters.";
    RegisterSubmit => "注册", "Register";
    SignedOut => "您已退出登录。", "You have signed out.";
    SessionExpired => "登录已过期,请重新登录。", "Your session has ended. Please sign in again.";
    // Portal
    PortalTitle => "我的 VIP", "My VIP";
    PortalWelcome => "您好,", "Welcome, ";
    PortalAccountTitle => "我的账户", "My account";
    PortalProgrammeTitle => "VIP 等级标准", "VIP level criteria";
    PortalStatusNone => "您目前还不是 VIP 客户。", "You are not a VIP customer yet.";
    // Admin
    AdminTitle => "管理后台", "Staff area";
    AdminSignedInAs => "当前登录:", "Signed in as ";
    YourRoles => "您的角色", "Your roles";
    StaffTitle => "员工管理", "Staff";
    StaffCreateTitle => "新建员工账户", "New staff account";
    StaffInitialPassword => "初始密码", "Initial password";
    StaffCreateSubmit => "创建", "Create";
    StaffCreated => "员工账户已创建。", "Staff account created.";
    StaffRolesSaved => "角色已保存。", "Roles saved.";
    StaffStatus => "状态", "Status";
    StaffActive => "在职", "Active";
    StaffInactive => "已停用", "Deactivated";
    StaffDeactivate => "停用", "Deactivate";
    StaffReactivate => "启用", "Reactivate";
    StaffActions => "操作", "Actions";
    Roles => "角色", "Roles";
    RoleCustomer => "客户", "Customer";
    RoleAgent => "客服", "Agent";
    RoleReviewer => "资格审核", "Reviewer";
    RoleQuality => "质量管理", "Quality";
    RoleFinance => "财务", "Finance";
    RoleAdmin => "管理员", "Admin";
    AuditTitle => "审计日志", "Audit log";
    AuditAt => "时间", "Time";
    AuditActor => "操作人", "Actor";
    AuditAction => "操作", "Action";
    AuditObject => "对象", "Object";
    AuditChainOk => "哈希链完整。", "The hash chain is intact.";
    AuditChainBroken => "哈希链在此条目处断裂:", "The hash chain breaks at entry ";
    // Account
    AccountTitle => "账户设置", "Account settings";
    ChangePasswordTitle => "修改密码", "Change password";
    CurrentPassword => "当前密码", "Current password";
    NewPasswordLabel => "新密码", "New password";
    PasswordChanged => "密码已修改,其他设备上的登录已退出。", "Password changed. Your other sessions were signed out.";
    LanguagePreference => "界面语言", "Interface language";
    // Ledger
    LedgerKindPurchase => "消费", "Purchase";
    LedgerKindRefund => "退款", "Refund";
    LedgerKindPoints => "积分调整", "Points adjustment";
    // Eligibility (clause 2.1.1)
    EligibilityTitle => "VIP 资格进度", "Your progress towards VIP";
    EligibilityReached => "您已达到 {0} 资格。", "You qualify for {0}.";
    EligibilityNotReached => "您目前尚未达到 VIP 资格。", "You do not qualify for VIP yet.";
    EligibilityWindow => "统计期间:{0} 至 {1}(滚动 12 个月,上海时间)。", "Counted from {0} to {1} (the rolling 12 months, Shanghai time).";
    EligibilityThreshold => "近 12 个月消费 {0} 或积分 {1}", "{0} spend or {1} points in 12 months";
    EligibilityKeptUntil => "如无新的消费,资格将保持至 {0}。", "Without new purchases you keep it until {0}.";
    EligibilityKeptIndefinitely => "无新消费时资格也不会因时间失效。", "It does not run out with time.";
    EligibilityTitleStaff => "VIP 资格进度", "Progress towards VIP";
    EligibilityReachedStaff => "该客户已达到 {0} 资格。", "This customer qualifies for {0}.";
    EligibilityNotReachedStaff => "该客户目前尚未达到 VIP 资格。", "This customer does not qualify for VIP yet.";
    EligibilityKeptUntilStaff => "如无新的消费,该客户的资格保持至 {0}。", "Without new purchases the customer keeps it until {0}.";
    EligibilitySpendMoreByStaff => "该客户在 {1} 前再消费 {0} 即可达到。", "The customer reaches it with {0} more spend by {1}.";
    EligibilityLevelReached => "已达到", "Reached";
    EligibilityMissing => "还差消费 {0} 或积分 {1}。", "Missing: {0} of spend or {1} points.";
    EligibilitySpendMoreBy => "在 {1} 前再消费 {0} 即可达到。", "Spend {0} more by {1} to reach it.";
    EligibilityRollOffNote => "该金额已考虑到届时将移出 12 个月统计期的较早消费。", "This accounts for older purchases that leave the 12-month window by then.";
    EligibilitySpend12m => "近 12 个月消费", "Spend, last 12 months";
    EligibilityPoints12m => "近 12 个月积分", "Points, last 12 months";
    LedgerRecentTitle => "最近的消费与积分记录", "Recent purchases and points";
    LedgerEmpty => "暂无消费记录。", "No purchases recorded yet.";
    LedgerOccurredAt => "时间", "When";
    LedgerKind => "类型", "Kind";
    LedgerExternalId => "交易编号", "Transaction id";
    LedgerAmount => "金额", "Amount";
    LedgerPoints => "积分", "Points";
    // Levels (admin)
    LevelsAdminTitle => "VIP 等级管理", "VIP levels";
    LevelsAdminLead => "修改会记入审计日志;已有的消费记录与已签署的会员资格不会被改写。", "Changes are audited; recorded purchases and memberships already granted are not rewritten.";
    LevelSaved => "等级已保存。", "The level has been saved.";
    LevelRank => "顺序", "Rank";
    LevelSpendThreshold => "消费门槛", "Spend threshold";
    LevelPointsThreshold => "积分门槛", "Points threshold";
    LevelEdit => "编辑", "Edit";
    LevelNewTitle => "新增等级", "New level";
    LevelCode => "代码", "Code";
    LevelCodeHint => "小写字母、数字、- 或 _,例如 gold。", "Lower-case letters, digits, - or _, e.g. gold.";
    LevelNameZh => "中文名称", "Chinese name";
    LevelNameEn => "英文名称", "English name";
    LevelSpendYuan => "消费门槛(元)", "Spend threshold (yuan)";
    LevelDiscountPercent => "费用折扣(%)", "Fee discount (%)";
    LevelEntryFeeYuan => "入会费(元)", "Entry fee (yuan)";
    LevelActive => "启用", "Active";
    // Ledger import (admin, finance)
    LedgerTitle => "消费记录导入", "Purchase ledger";
    LedgerUploadTitle => "上传 CSV 文件", "Upload a CSV file";
    LedgerUploadLead => "先预览:系统检查每一行并汇总,确认后才写入。交易编号相同且内容相同的行会被跳过。", "Preview first: every line is checked and totalled; nothing is written until you commit. Lines already imported with the same content are skipped.";
    LedgerFormatTitle => "文件格式", "File format";
    LedgerFormatHint => "UTF-8 编码,第一行为表头;时间可用 RFC 3339,或 YYYY-MM-DD HH:MM:SS(按上海时间);金额单位为分,退款为负数。", "UTF-8 with a header line; times in RFC 3339 or YYYY-MM-DD HH:MM:SS (read as Shanghai time); amounts in fen, refunds negative.";
    LedgerFile => "文件", "File";
    LedgerChecking => "正在检查…", "Checking…";
    LedgerPreview => "预览", "Preview";
    LedgerImportsTitle => "最近的导入", "Recent imports";
    LedgerNoImports => "还没有导入记录。", "No imports yet.";
    ImportPreviewed => "已预览,待提交", "Previewed, not committed";
    ImportRejected => "已拒绝", "Refused";
    ImportCommitting => "正在导入", "Importing";
    ImportCommitted => "已导入", "Imported";
    ImportFailed => "失败", "Failed";
    ImportDoneCounts => "导入完成:新增 {0} 条,未变 {1} 条,冲突 {2} 条。", "Import finished: {0} new, {1} unchanged, {2} conflicts.";
    LedgerLine => "行号", "Line";
    LedgerField => "字段", "Field";
    LedgerProblem => "问题", "Problem";
    LedgerPreviewTitle => "预览", "Preview";
    LedgerRows => "行数", "Rows";
    LedgerPurchases => "消费合计", "Purchases";
    LedgerRefunds => "退款合计", "Refunds";
    LedgerNewRows => "新记录", "New entries";
    LedgerUnchangedRows => "已存在(无变化)", "Already there (unchanged)";
    LedgerConflicts => "冲突", "Conflicts";
    LedgerInserted => "新增", "Inserted";
    LedgerRefused => "文件有错误,整份文件未被导入。请修正以下各行后重新上传。", "The file has errors and nothing was imported. Correct the lines below and upload it again.";
    LedgerErrorsTitle => "错误", "Errors";
    LedgerConflictsNote => "以下行的交易编号已存在且内容不同;提交时这些行不会被更改,其余行照常导入。", "These lines reuse an existing transaction id with different content; committing leaves them unchanged and imports the rest.";
    LedgerCommit => "确认导入", "Commit import";
    LedgerNothingNew => "没有需要导入的新记录。", "There is nothing new to import.";
    ApiKeysTitle => "订单系统 API 密钥", "Order system API keys";
    ApiKeysLead => "订单系统使用密钥调用 POST /api/v1/ledger(Authorization: Bearer …),每批最多 1,000 条。密钥只显示一次,系统仅保存其哈希。", "The order system calls POST /api/v1/ledger with a key (Authorization: Bearer …), up to 1,000 entries per batch. A key is shown once; only its hash is kept.";
    ApiKeysNone => "还没有密钥。", "No keys yet.";
    ApiKeyShownOnce => "请立即复制此密钥,它不会再次显示:", "Copy this key now; it will not be shown again:";
    ApiKeyName => "名称", "Name";
    ApiKeyPrefix => "前缀", "Prefix";
    ApiKeyCreated => "创建时间", "Created";
    ApiKeyLastUsed => "最近使用", "Last used";
    ApiKeyRevoked => "已吊销", "Revoked";
    ApiKeyRevoke => "吊销", "Revoke";
    ApiKeyCreate => "创建密钥", "Create key";
    // Customers (staff)
    CustomersTitle => "客户", "Customers";
    CustomersSearch => "按姓名或电子邮箱查找", "Find by name or e-mail";
    Search => "查找", "Search";
    CustomersNone => "没有找到客户。", "No customers found.";
    CustomersSince => "注册时间", "Registered";
    CustomerRecordTitle => "客户档案", "Customer record";
    CustomerViewAudited => "您对客户档案的查看已记入审计日志。", "Your viewing of this record has been written to the audit log.";
    NavCustomers => "客户", "Customers";
    NavLedger => "消费记录导入", "Purchase ledger";
    NavLevels => "VIP 等级", "VIP levels";
    AdminAreas => "工作区", "Work areas";
    // Application, agreement and membership states
    AppStatusDraft => "草稿", "Draft";
    AppStatusSubmitted => "已提交", "Submitted";
    AppStatusUnderReview => "审核中", "Under review";
    AppStatusInfoRequested => "需补充材料", "More information requested";
    AppStatusApproved => "已通过", "Approved";
    AppStatusRejected => "未通过", "Rejected";
    AppStatusWithdrawn => "已撤回", "Withdrawn";
    AgrStatusAwaitingCustomer => "待客户签署", "Awaiting the customer's signature";
    AgrStatusAwaitingCountersign => "待公司会签", "Awaiting countersignature";
    AgrStatusEffective => "已生效", "In effect";
    AgrStatusEnded => "已终止", "Ended";
    MemStatusActive => "有效", "Active";
    MemStatusRenewalOffered => "待续签", "Renewal offered";
    MemStatusRenewed => "已续签", "Renewed";
    MemStatusLapsed => "已失效", "Lapsed";
    MemStatusRevoked => "已取消", "Revoked";
    MemStatusTerminated => "已解除", "Terminated";
    // Notifications ({date}, {reason} are filled in)
    NotifApplicationSubmitted => "有一份新的 VIP 申请等待审核。", "A new VIP application is waiting for review.";
    NotifInfoRequested => "审核员请您补充申请信息:{reason}", "The reviewer asks for more information on your application: {reason}";
    NotifApproved => "您的 VIP 申请已通过,请签署协议。", "Your VIP application has been approved. Please sign the agreement.";
    NotifRejected => "您的 VIP 申请未通过。原因:{reason}", "Your VIP application was not approved. Reason: {reason}";
    NotifAwaitingCountersign => "一份已由客户签署的协议等待会签。", "An agreement signed by a customer is waiting for countersignature.";
    NotifMembershipActive => "您的 VIP 会员资格已生效,有效期至 {date}。", "Your VIP membership is in effect until {date}.";
    NotifRenewalOffered => "您的 VIP 会员资格将于 {date} 到期,您可签署续签协议。", "Your VIP membership ends on {date}; you may sign the renewal agreement.";
    NotifNoticeNotEligible => "您已不再满足 VIP 资格标准(第 2.3.1 条)。如在 {date} 前仍未恢复,资格将自动取消。", "You no longer meet the VIP criteria (clause 2.3.1). Unless you qualify again by {date}, your VIP status lapses automatically.";
    NotifNoticeWithdrawn => "您已重新满足 VIP 资格标准,取消通知已撤回。", "You meet the VIP criteria again; the notice has been withdrawn.";
    NotifLapsed => "您的 VIP 会员资格已失效。", "Your VIP membership has lapsed.";
    NotifRevoked => "您的 VIP 会员资格已被取消(第 2.3.2 条)。原因:{reason}", "Your VIP membership has been revoked (clause 2.3.2). Reason: {reason}";
    NotifTerminated => "VIP 服务协议已解除(第 9 条)。原因:{reason}", "The VIP service agreement has been terminated (clause 9). Reason: {reason}";
    // Membership, application, agreement (customer)
    NavMembership => "我的会员", "My membership";
    NavRights => "我的权益", "My rights";
    NavApplications => "资格审核", "Applications";
    MembershipTitle => "我的 VIP 会员", "My VIP membership";
    MembershipStatusTitle => "会员状态", "Membership";
    MembershipNone => "您还没有 VIP 会员资格。满足资格标准后即可在下方申请。", "You have no VIP membership yet. Once you meet the criteria you can apply below.";
    MembershipTerm => "有效期", "Term";
    MembershipEndReason => "终止原因", "Reason for ending";
    MembershipEndedAt => "终止时间", "Ended at";
    MembershipGraceNotice => "您已不再满足资格标准。如在 {0} 前仍未恢复,VIP 资格将自动取消。", "You no longer meet the criteria. Unless you qualify again by {0}, your VIP status lapses automatically.";
    MembershipRenewalNotice => "您的会员资格将于 {0} 到期,可签署续签协议。", "Your membership ends on {0}; you can sign the renewal agreement.";
    MembershipRenewalSign => "查看并签署续签协议", "Read and sign the renewal";
    MembershipAgreementLink => "查看协议", "View the agreement";
    AgreementsTitle => "我的协议", "My agreements";
    Open => "打开", "Open";
    Back => "返回", "Back";
    Remove => "删除", "Remove";
    Print => "打印", "Print";
    TerminateTitle => "解除协议", "Terminate the agreement";
    TerminateLead => "解除后您的 VIP 权益立即终止,系统将生成结算说明。", "On termination your VIP rights end at once and a final statement is produced.";
    TerminateReason => "解除原因", "Reason";
    TerminateSubmit => "解除协议", "Terminate";
    FinalStatementTitle => "结算说明", "Final statement";
    FinalStatementRightsEnded => "您的 VIP 权益已于会员资格终止时结束。", "Your VIP rights ended when the membership ended.";
    FinalStatementNoOpenInvoices => "未结发票:无。", "Open invoices: none.";
    FinalStatementOpenInvoices => "未结发票,合计应付:", "Open invoices, owed in total:";
    FinalStatementCredit => "未使用的抵扣额(将退还或按约定处理,第 8.2 条):", "Unused credit (refunded or settled as agreed, clause 8.2):";
    FinalStatementKept => "您的资料将按保密条款保留 3 年后匿名化处理。", "Your data is kept for 3 years under the confidentiality clause and then anonymised.";
    ApplicationTitle => "VIP 申请", "VIP application";
    ApplicationStart => "开始申请", "Start the application";
    ApplicationLevel => "申请等级", "Level applied for";
    ApplicationCompany => "公司(选填)", "Company (optional)";
    ApplicationMessage => "补充说明(选填)", "Note (optional)";
    ApplicationSubmittedAt => "提交于", "Submitted";
    ApplicationSubmittedNotice => "申请已提交,我们会尽快审核。", "Your application has been submitted; we will review it shortly.";
    ApplicationInfoRequestedLead => "审核员请您补充信息,请查看下方留言,补充后重新提交。", "The reviewer asks for more information: see the messages below, add what is asked and submit again.";
    ApplicationRejectedReason => "未通过原因:", "Reason:";
    ApplicationApprovedLead => "申请已通过。请签署 VIP 客户服务协议。", "Your application has been approved. Please sign the VIP service agreement.";
    ApplicationGoSign => "签署协议", "Sign the agreement";
    ApplicationWithdraw => "撤回申请", "Withdraw the application";
    ApplicationAgreementTitle => "协议条款", "The agreement";
    ApplicationAccept => "我已阅读并同意协议({0})的全部条款。", "I have read and accept every term of the agreement ({0}).";
    ApplicationReply => "对审核员的回复", "Your reply to the reviewer";
    ApplicationSubmit => "提交申请", "Submit the application";
    ApplicationResubmit => "重新提交", "Submit again";
    ApplicationAcceptedTemplate => "接受的协议版本", "Agreement version accepted";
    MaterialsTitle => "申请材料", "Materials";
    MaterialsNone => "尚未上传材料。", "No materials uploaded yet.";
    MaterialsFile => "选择文件", "Choose a file";
    MaterialsHint => "PDF、JPEG 或 PNG,每个不超过 10 MB。", "PDF, JPEG or PNG, at most 10 MB each.";
    MaterialsUpload => "上传", "Upload";
    ConversationTitle => "留言记录", "Messages";
    MessageInfoRequest => "要求补充材料", "Request for information";
    MessageReply => "客户回复", "Customer's reply";
    MessageApproval => "审核通过", "Approval";
    MessageRejection => "审核未通过", "Rejection";
    AgreementTitle => "VIP 客户服务协议", "VIP service agreement";
    AgreementRenewal => "续签", "Renewal";
    AgreementTemplate => "协议版本", "Agreement version";
    AgreementPartyA => "甲方", "Party A";
    AgreementPartyB => "乙方", "Party B";
    AgreementLevel => "VIP 等级", "VIP level";
    AgreementLevelLine => "{0}:近 12 个月消费 {1} 或积分 {2};费用折扣 {3}", "{0}: {1} spend or {2} points in 12 months; fee discount {3}";
    AgreementEffective => "生效期间", "In effect";
    AgreementSignedBy => "客户签署", "Signed by the customer";
    AgreementCountersignedBy => "公司会签", "Countersigned by the company";
    AgreementHashOk => "已核验", "Verified";
    AgreementHashBroken => "不一致!", "Does not match!";
    AgreementHashHint => "SHA-256 指纹针对下方“规范文本”计算,您可自行核验(如 sha256sum)。", "The SHA-256 fingerprint covers the canonical text below; you can check it yourself (e.g. with sha256sum).";
    AgreementClauses => "条款", "Clauses";
    AgreementAttachments => "附件", "Attachments";
    AgreementNoAttachments => "暂无附件。", "No attachments.";
    AgreementCanonical => "规范文本(签署与指纹所依据的文本)", "Canonical text (what was signed and fingerprinted)";
    DefaultWordingNote => "公开预览文本在第 6.2.1 条处中断;标有“默认条款”的条文为本系统的默认约定,请在启用前由法务确认。", "The public preview stops inside clause 6.2.1; clauses marked “default wording” are this product's default terms and should be confirmed by legal before use.";
    NavAgreement => "协议全文", "The agreement";
    DefaultWording => "默认条款", "default wording";
    SignTitle => "电子签署", "Sign electronically";
    SignLead => "请输入与账户一致的全名并确认。签署时间、IP 地址、协议版本及文本指纹将一并记录。", "Type your full name as on your account and confirm. The time, your IP address, the agreement version and the text's fingerprint are recorded with your signature.";
    SignTypedName => "您的全名", "Your full name";
    SignTypedNameHint => "与账户中的姓名一致。", "Exactly as on your account.";
    SignConsent => "我同意以电子方式签署本协议,其效力与手写签名相同。", "I agree to sign this agreement electronically, with the same effect as a handwritten signature.";
    SignSubmit => "签署协议", "Sign the agreement";
    CountersignTitle => "公司会签", "Countersign for the company";
    CountersignSubmit => "会签并生效", "Countersign and put into effect";
    MembershipNoneStaff => "该客户没有 VIP 会员资格。", "This customer has no VIP membership.";
    RevokeTitle => "取消资格或解除协议", "Revoke or terminate";
    RevokeHow => "方式", "How";
    RevokeOptionRevoke => "取消 VIP 资格(第 2.3.2 条)", "Revoke VIP status (clause 2.3.2)";
    RevokeOptionTerminate => "公司解除协议(第 9 条)", "Terminate the agreement (clause 9)";
    RevokeReason => "原因(必填,将告知客户)", "Reason (required; the customer is told)";
    RevokeSubmit => "确认", "Confirm";
    AmendKindLevel => "变更 VIP 等级", "Change the VIP level";
    AmendKindAgent => "更换专属客服", "Another dedicated agent";
    AmendKindTerms => "定制条款", "Custom terms";
    AmendStatusProposed => "待对方确认", "Awaiting the other party";
    AmendStatusAccepted => "已签署生效", "Signed by both, in effect";
    AmendStatusDeclined => "已拒绝", "Declined";
    AmendStatusWithdrawn => "已撤回", "Withdrawn";
    AmendTitle => "权益变更", "Changes to the rights";
    AmendLead => "权益变更须经双方协商一致:一方提出并签署,另一方接受并签署后,补充协议附于原协议之后。", "Rights change by mutual agreement: one party proposes and signs, the other accepts and signs; the amendment is then attached to the agreement.";
    AmendNone => "暂无变更。", "No changes so far.";
    AmendPropose => "提出变更", "Propose a change";
    AmendKind => "变更内容", "What changes";
    AmendNewLevel => "新的等级(变更等级时)", "New level (for a level change)";
    AmendDescription => "说明", "Description";
    AmendProposedBy => "提出方", "Proposed by";
    AmendSideCustomer => "客户", "Customer";
    AmendSideCompany => "公司", "Company";
    AmendAccept => "接受并签署", "Accept and sign";
    AmendDecline => "拒绝", "Decline";
    AmendDeclineReason => "拒绝原因", "Reason for declining";
    AmendSignedName => "签署人全名", "Full name of the signatory";
    ErrAmendmentState => "该变更已处理,或不能由您处理。", "This change has been answered already, or is not yours to answer.";
    ErrLevelUnchanged => "请选择与当前不同的等级。", "Please choose a level other than the current one.";
    NotifAmendmentProposed => "对方提出了权益变更,请查看并确认。", "The other party proposes a change to the rights; please review it.";
    NotifAmendmentAccepted => "您提出的权益变更已被接受并签署,补充协议已附于协议之后。", "Your proposed change to the rights was accepted and signed; the amendment is attached to the agreement.";
    NotifAmendmentDeclined => "您提出的权益变更被拒绝。原因:{reason}", "Your proposed change to the rights was declined. Reason: {reason}";
    // Review (staff)
    ReviewQueueTitle => "资格审核", "Applications";
    ReviewQueueEmpty => "没有待处理的申请或待会签的协议。", "No applications or agreements are waiting.";
    ReviewWaitingSince => "等待自", "Waiting since";
    ReviewApplicationTitle => "审核申请", "Review an application";
    ReviewDecisionTitle => "审核决定", "Decision";
    ReviewStart => "开始审核", "Start the review";
    ReviewRequestInfoText => "需要客户补充的内容", "What the customer should add";
    ReviewRequestInfo => "要求补充材料", "Ask for more information";
    ReviewRejectReason => "不通过原因(必填)", "Reason for rejecting (required)";
    ReviewReject => "不通过", "Reject";
    ReviewApproveHint => "通过后,系统按客户接受的协议版本生成协议,等待客户签署。", "On approval the agreement is prepared from the version the customer accepted, for the customer to sign.";
    ReviewApprove => "通过", "Approve";
    // Rights (clause 4.1)
    RightsTitle => "我的权益", "My rights";
    RightsNone => "只有在签署并生效的协议存续期间,您才享有 VIP 权益。", "VIP rights exist only while a signed agreement is in effect.";
    RightsLead => "您作为 {0} 会员的权益,依据您签署的协议 {1}。", "Your rights as a {0} member, under the agreement you signed ({1}).";
    RightsAgentDetail => "一位专属客服负责您的咨询,新请求优先交由其处理。", "A dedicated agent handles your inquiries; new requests go to them first.";
    RightsHours => "7×24 小时服务", "Service around the clock";
    RightsHoursDetail => "咨询服务全天候提供,服务时限按日历时间计算。", "Consultation is available at any hour; service deadlines run on calendar time.";
    RightsPriorityDetail => "同等条件下,您的咨询和投诉优先处理:首次响应 1 小时内,24 小时内解决。", "Under equal conditions your inquiries and complaints go first: first response within 1 hour, resolution within 24 hours.";
    RightsCustomisedDetail => "可按需申请个性化服务方案,由我们报价,经您同意后执行。", "You may ask for a personalised service plan; we quote it and carry it out once you accept.";
    RightsChannels => "多种服务渠道", "Several channels";
    RightsChannelsDetail => "网络、电话、电子邮件或到分支机构均可提出请求。", "Ask on the web, by phone, by e-mail or at a branch.";
    RightsDiscount => "费用折扣", "Fee discount";
    RightsDiscountDetail => "服务费用享受 {0} 折扣。", "A {0} discount on service fees.";
    RightsComplaints => "投诉处理时限", "Complaint deadlines";
    RightsComplaintsDetail => "投诉 {0} 小时内确认,{1} 天内给出处理方案。", "Complaints are acknowledged within {0} hours and answered with a proposed resolution within {1} days.";
    RightsKeep => "保持资格的标准", "What keeps you VIP";
    RightsKeepDetail => "滚动 12 个月消费达到 {0} 或积分达到 {1}。", "{0} of spend or {1} points over the rolling 12 months.";
    RightsTerm => "协议期限", "Term";
    RightsTermDetail => "{0} 至 {1}。", "From {0} to {1}.";
    RightsRenewal => "续签", "Renewal";
    RightsRenewalDetail => "到期前 30 天,如仍满足资格标准,您将收到续签邀请。", "30 days before the end of the term you are offered a renewal if you still qualify.";
    RightsLapse => "资格失效前的通知", "Notice before a lapse";
    RightsLapseDetail => "如不再满足标准,您会先收到通知,并有 30 天宽限期。", "If you stop meeting the criteria you are notified first and have a 30-day grace period.";
    RightsChange => "权益变更", "Changing rights";
    RightsChangeDetail => "权益变更须经双方协商一致,并以双方签署的补充协议为准。", "Rights change only by mutual agreement, in an amendment signed by both parties.";
    RightsTerminate => "解除协议", "Termination";
    RightsTerminateDetail => "您可随时说明理由解除协议;解除后我们会提供结算说明。", "You may terminate at any time with a reason; you then receive a final statement.";
    RightsConfidential => "保密", "Confidentiality";
    RightsConfidentialDetail => "员工仅在必要时查看您的资料,每次查看均有记录;资料保留 3 年后匿名化。", "Staff see your data only when needed and every view is logged; data is anonymised after 3 years.";
    // Inbox
    InboxTitle => "通知", "Notifications";
    InboxEmpty => "暂无通知。", "No notifications.";
    InboxMarkRead => "标为已读", "Mark as read";
    InboxMarkAll => "全部标为已读", "Mark all as read";
    // Errors
    ErrEmailRequired => "请输入电子邮箱。", "Please enter your e-mail address.";
    ErrEmailInvalid => "电子邮箱格式不正确。", "That e-mail address does not look right.";
    ErrEmailTaken => "该电子邮箱已注册。", "That e-mail address is already registered.";
    ErrNameRequired => "请输入姓名。", "Please enter your name.";
    ErrNameInvalid => "姓名不能超过 100 个字符。", "The name may have at most 100 characters.";
    ErrPhoneRequired => "请输入手机号码。", "Please enter your phone number.";
    ErrPhoneInvalid => "手机号码格式不正确。", "That phone number does not look right.";
    ErrPasswordTooShort => "密码至少需要 10 个字符。", "The password needs at least 10 characters.";
    ErrPasswordTooLong => "密码不能超过 128 个字符。", "The password may have at most 128 characters.";
    ErrPasswordWeak => "密码过于简单。", "That password is too simple.";
    ErrInvalidCredentials => "电子邮箱或密码不正确。", "The e-mail address or password is not correct.";
    ErrLockedOut => "登录失败次数过多,请 15 分钟后再试。", "Too many failed sign-ins. Please try again in 15 minutes.";
    ErrRateLimited => "请求过于频繁,请稍后再试。", "Too many requests. Please wait a moment and try again.";
    ErrCurrentPasswordWrong => "当前密码不正确。", "The current password is not correct.";
    ErrRolesRequired => "请至少选择一个角色。", "Please choose at least one role.";
    ErrCannotChangeSelf => "不能停用自己或移除自己的管理员角色。", "You cannot deactivate yourself or remove your own admin role.";
    ErrUnauthenticated => "请先登录。", "Please sign in first.";
    ErrForbidden => "您没有权限访问此页面。", "You do not have permission to see this page.";
    ErrNotFound => "找不到该页面或记录。", "That page or record does not exist.";
    ErrInternal => "系统出现问题,请稍后再试。我们已记录此错误。", "Something went wrong on our side. Please try again later; the error has been logged.";
    ErrBadRequest => "请求无效。", "The request was not valid.";
    ErrLedgerExternalIdRequired => "缺少外部交易编号。", "The external transaction id is missing.";
    ErrLedgerExternalIdInvalid => "外部交易编号最多 128 个字符,且不能包含控制字符。", "The external transaction id may have at most 128 characters and no control characters.";
    ErrLedgerDateInFuture => "交易时间不能晚于明天。", "The transaction time cannot be later than tomorrow.";
    ErrLedgerDateInvalid => "交易时间格式应为 RFC 3339 或 YYYY-MM-DD HH:MM:SS(上海时间)。", "The transaction time must be RFC 3339 or YYYY-MM-DD HH:MM:SS (Shanghai time).";
    ErrLedgerKindInvalid => "类型必须是 purchase、refund 或 points。", "The kind must be purchase, refund or points.";
    ErrLedgerAmountInvalid => "金额必须是以分为单位的整数。", "The amount must be a whole number of fen.";
    ErrLedgerPointsInvalid => "积分必须是整数。", "The points must be a whole number.";
    ErrLedgerPurchaseNegative => "消费的金额和积分不能为负数。", "A purchase cannot have a negative amount or negative points.";
    ErrLedgerRefundPositive => "退款的金额和积分必须为负数或零。", "A refund must have a negative (or zero) amount and points.";
    ErrLedgerPointsWithMoney => "积分调整不能带有金额。", "A points adjustment cannot carry an amount.";
    ErrLedgerNotUtf8 => "文件不是 UTF-8 编码。", "The file is not UTF-8 encoded.";
    ErrLedgerHeader => "第一行必须是表头:external_id,customer_email,occurred_at,kind,amount_fen,points。", "The first line must be the header: external_id,customer_email,occurred_at,kind,amount_fen,points.";
    ErrLedgerLineUnreadable => "这一行无法读取(引号不匹配?)。", "This line cannot be read (unbalanced quotes?).";
    ErrLedgerColumnCount => "这一行的列数与表头不符。", "This line does not have as many columns as the header.";
    ErrLedgerDuplicateInFile => "同一外部交易编号在文件中出现了两次且内容不同。", "The same external id appears twice in the file with different content.";
    ErrLedgerUnknownCustomer => "没有使用该电子邮箱的客户。", "There is no customer with this e-mail address.";
    ErrLedgerConflict => "该外部交易编号已存在且内容不同,未作更改。", "This external id already exists with different content; nothing was changed.";
    ErrLedgerBatchTooLarge => "每批最多 1,000 条。", "A batch may have at most 1,000 entries.";
    ErrUploadTooLarge => "文件不能超过 10 MB。", "The file may be at most 10 MB.";
    ErrUploadEmpty => "请选择一个非空文件。", "Please choose a file that is not empty.";
    ErrImportNotCommittable => "此导入已提交或无法提交。", "This import has already been committed or cannot be committed.";
    ErrApiKeyName => "请输入名称(最多 80 个字符)。", "Please enter a name (at most 80 characters).";
    ErrLevelCode => "代码只能包含小写字母、数字、- 和 _(最多 32 个)。", "The code may use lower-case letters, digits, - and _ (at most 32).";
    ErrLevelName => "请输入名称(最多 40 个字符)。", "Please enter a name (at most 40 characters).";
    ErrLevelRank => "等级顺序必须是 1 到 100 之间的整数。", "The rank must be a whole number from 1 to 100.";
    ErrLevelRankTaken => "已有等级使用此顺序。", "Another level already has this rank.";
    ErrLevelCodeTaken => "已有等级使用此代码。", "Another level already uses this code.";
    ErrAmountInvalid => "请输入有效金额(元,最多两位小数)。", "Please enter a valid amount in yuan (at most two decimals).";
    ErrLevelPoints => "积分门槛必须是非负整数。", "The points threshold must be a whole number, zero or more.";
    ErrLevelDiscount => "折扣必须在 0% 到 100% 之间,最多两位小数。", "The discount must be between 0% and 100%, with at most two decimals.";
    ErrLastLevel => "至少需要保留一个启用的等级。", "At least one level must stay active.";
    ErrTextRequired => "请填写此项。", "Please fill this in.";
    ErrTextTooLong => "最多 2,000 个字符。", "At most 2,000 characters.";
    ErrApplicationState => "申请当前的状态不允许此操作。", "The application's current state does not allow this.";
    ErrAgreementState => "协议当前的状态不允许此操作。", "The agreement's current state does not allow this.";
    ErrMembershipState => "会员资格当前的状态不允许此操作。", "The membership's current state does not allow this.";
    ErrLevelUnknown => "请选择一个有效的 VIP 等级。", "Please choose a valid VIP level.";
    ErrAlreadyMember => "您已是 VIP 会员。", "You are already a VIP member.";
    ErrUploadType => "只接受 PDF、JPEG 或 PNG 文件(按文件内容判断)。", "Only PDF, JPEG or PNG files are accepted (judged by their content).";
    ErrTooManyFiles => "每份申请最多 10 个文件。", "An application may have at most 10 files.";
    ErrMustAccept => "请阅读并同意协议条款(第 2.1.3 条)。", "Please read and accept the agreement (clause 2.1.3).";
    ErrTemplateChanged => "协议文本已更新,请重新阅读后再提交。", "The agreement text has changed; please read it again before submitting.";
    ErrNotEligible => "您目前尚未达到所申请等级的资格标准(第 2.1.1 条)。", "You do not meet the criteria of the level applied for yet (clause 2.1.1).";
    ErrSignatureName => "请输入与账户一致的全名。", "Please type your full name exactly as on your account.";
    ErrMustConsent => "请确认您同意以电子方式签署本协议。", "Please confirm that you agree to sign this agreement electronically.";
    ErrFeeText => "请填写此项(不要太长)。", "Please fill this in (not too long).";
    ErrFeeCode => "代码只能包含小写字母、数字、- 和 _(最多 32 个)。", "The code may use lower-case letters, digits, - and _ (at most 32).";
    ErrFeeCodeTaken => "此版本中已有项目使用该代码。", "Another item of this version already uses this code.";
    ErrFeeTax => "税率必须在 0% 到 100% 之间,最多两位小数。", "The tax rate must be between 0% and 100%, with at most two decimals.";
    ErrDateInvalid => "请输入有效日期(年-月-日)。", "Please enter a valid date (YYYY-MM-DD).";
    ErrFeeVersionPublished => "已发布的收费标准版本不能再修改,请新建一个版本。", "A published fee version is never changed; start a new version instead.";
    ErrFeeBackdated => "生效日期不能早于今天。", "The effective date may not be in the past.";
    ErrFeeVersionEmpty => "请至少添加一个收费项目后再发布。", "Add at least one fee item before publishing.";
    ErrQuantity => "数量必须是 1 到 1,000,000 之间的整数。", "The quantity must be a whole number from 1 to 1,000,000.";
    ErrPaymentMethod => "请选择付款方式。", "Please choose a payment method.";
    ErrFeeItemUnknown => "在服务日期生效的收费标准中没有此项目。", "The fee schedule in force on the service date has no such item.";
    ErrInvoiceNoLines => "发票至少需要一行。", "An invoice needs at least one line.";
    ErrInvoiceState => "发票当前的状态不允许此操作。", "The invoice's current state does not allow this.";
    NotifInvoiceIssued => "新发票 {number}:应付 {amount},付款期限 {date}(第 6.2 条)。", "New invoice {number}: {amount} due by {date} (clause 6.2).";
    NotifInvoicePaid => "发票 {number} 已付清,谢谢。", "Invoice {number} is paid in full. Thank you.";
    NotifInvoiceOverdue => "发票 {number} 已逾期 {days} 天,尚欠 {amount}(第 6.2 条)。", "Invoice {number} is past its due date by {days} day(s); {amount} is still owed (clause 6.2).";
    NavBilling => "账单", "Billing";
    NavFees => "收费标准", "Fees";
    NavMyInvoices => "我的发票", "My invoices";
    FeesTitle => "收费标准", "Fee schedule";
    FeesLead => "本页公布现行及即将生效的收费标准(第 6.1.2 条)。每张发票行均按服务日期当天生效的版本计价。", "The fee schedule in force and the next one to come (clause 6.1.2). Every invoice line is priced by the version in force on its service date.";
    FeesNone => "目前没有生效的收费标准。", "No fee schedule is in force yet.";
    FeesUpcoming => "即将生效", "Coming into force";
    FeesVersions => "所有已发布版本", "All published versions";
    FeesEffectiveFrom => "生效日期", "In force from";
    FeesPriceClause => "依据协议第 6.1.2 条公布", "Published under clause 6.1.2 of the agreement";
    FeeItem => "服务项目", "Service item";
    FeeItems => "项目数", "Items";
    FeeUnit => "计价单位", "Unit";
    FeeUnitPrice => "单价", "Unit price";
    FeeTax => "税率", "Tax rate";
    FeeStateDraft => "草稿", "Draft";
    FeeStateUpcoming => "即将生效", "Upcoming";
    FeeStateInForce => "现行", "In force";
    FeeStatePast => "已失效", "Superseded";
    FeeVersionLabel => "版本", "Version";
    FeesAdminTitle => "收费标准版本", "Fee schedule versions";
    FeesAdminLead => "新价格即新版本:已发布的版本永不修改。先建草稿、编辑项目,再以今天或以后的日期发布。", "A new price is a new version: a published version is never changed. Start a draft, edit its items, then publish it with a date of today or later.";
    FeeNewVersion => "新建版本", "New version";
    FeeNewVersionHint => "草稿会复制现行版本的全部项目。", "The draft starts with a copy of every item of the version in force.";
    FeeCreateDraft => "创建草稿", "Create draft";
    FeeDraftSettings => "草稿设置", "Draft settings";
    FeeVersionFrozen => "此版本已发布,不能再修改。如需调整价格,请新建版本。", "This version is published and can no longer change. To change a price, start a new version.";
    FeeItemNew => "添加项目", "Add an item";
    FeeItemRemove => "删除此项目", "Remove this item";
    FeeUnitZh => "单位(中文)", "Unit (Chinese)";
    FeeUnitEn => "单位(英文)", "Unit (English)";
    FeePriceYuan => "单价(元)", "Unit price (yuan)";
    FeeTaxPercent => "税率(%)", "Tax rate (%)";
    FeePublishTitle => "发布", "Publish";
    FeePublishHint => "发布后,此版本自生效日期起用于计价,且不能再修改。", "Once published, this version prices services from its effective date and can no longer be changed.";
    FeePublish => "发布此版本", "Publish this version";
    FeeDiscard => "放弃草稿", "Discard draft";
    InvoicesTitle => "发票", "Invoices";
    MyInvoicesTitle => "我的发票", "My invoices";
    InvAll => "全部", "All";
    InvNone => "暂无发票。", "No invoices yet.";
    InvNumber => "发票号", "Number";
    InvIssueDate => "开票日期", "Issued";
    InvDueDate => "付款期限", "Due";
    InvTotal => "合计", "Total";
    InvBalance => "余额", "Balance";
    InvStatusDraft => "草稿", "Draft";
    InvStatusIssued => "已开具", "Issued";
    InvStatusPartiallyPaid => "部分付款", "Partially paid";
    InvStatusPaid => "已付清", "Paid";
    InvStatusOverdue => "已逾期", "Overdue";
    InvStatusVoid => "已作废", "Void";
    InvNewTitle => "新建发票", "New invoice";
    InvNewHint => "按收费项目代码填写;每行按服务日期当天生效的收费标准计价,并自动适用客户等级折扣。日期留空即为今天。", "Enter fee item codes; each line is priced by the schedule in force on its service date, with the customer's level discount. An empty date means today.";
    InvCustomerEmail => "客户电子邮箱", "Customer's e-mail";
    InvQuantity => "数量", "Quantity";
    InvServiceDate => "服务日期", "Service date";
    InvNote => "备注", "Note";
    InvCreateDraft => "创建发票草稿", "Create draft invoice";
    InvIssue => "开具发票", "Issue invoice";
    InvVoid => "作废发票", "Void invoice";
    InvVoidReason => "作废原因", "Reason for voiding";
    InvDueIn => "距付款期限还有 {days} 天", "Due in {days} days";
    InvOverdueBy => "已逾期 {days} 天", "Overdue by {days} days";
    InvOutstanding => "待付金额", "Outstanding";
    InvCredit => "可用抵扣额", "Unused credit";
    InvCredits => "抵扣与贷项", "Credits";
    PaymentNew => "登记付款", "Record a payment";
    PaymentMethod => "付款方式", "Payment method";
    PaymentReference => "付款参考号", "Reference";
    PaymentAmountYuan => "金额(元)", "Amount (yuan)";
    PaymentReceivedOn => "收款日期", "Received on";
    PaymentRecord => "登记付款", "Record payment";
    PaymentRecorded => "付款已登记。", "The payment is recorded.";
    PaymentExcessCredit => "多付部分已转为客户抵扣额:", "The overpayment became customer credit:";
    PayBankTransfer => "银行转账", "Bank transfer";
    PayBranchCard => "门店刷卡", "Card at a branch";
    PayBranchCash => "门店现金", "Cash at a branch";
    PayOnline => "在线支付", "Online";
    DateTodayHint => "留空即为今天。", "Leave empty for today.";
    ErrAdjustmentAmount => "金额必须大于 0 且不超过发票余额。", "The amount must be more than zero and at most the invoice's balance.";
    ErrSelfApproval => "不能审批自己提出的减免,须由另一位财务或管理员审批(第 6.3 条)。", "You cannot approve your own proposal; another finance or admin user must (clause 6.3).";
    ErrAdjustmentDecided => "此减免申请已处理。", "This proposal has already been decided.";
    ErrAmount => "请输入大于 0 的金额(元,最多两位小数)。", "Enter an amount above zero (yuan, at most two decimals).";
    ErrCreditNoteAmount => "贷项金额不能超过发票已开金额(扣除减免和已开贷项)。", "A credit note cannot credit more than the invoice charged (after waivers and earlier credit notes).";
    ErrRefundAmount => "退款金额必须大于 0 且不超过该抵扣额的剩余金额。", "A refund must be above zero and at most what is left of the credit.";
    NotifCreditIssued => "已为您开具贷项通知 {number},金额 {amount}(第 8.2 条),将自动抵扣后续发票或按您的要求退款。", "Credit note {number} for {amount} has been issued to you (clause 8.2); it is used on your next invoices or refunded on request.";
    NotifCreditRefunded => "贷项 {number} 已退款 {amount}。", "{amount} of credit {number} has been refunded to you.";
    NotifPlanProposed => "您的定制服务方案已有报价,有效期至 {date},请查看并答复(第 3.2.3 条)。", "Your custom service plan has a proposal, valid until {date}; please review and answer it (clause 3.2.3).";
    CreditsTitle => "贷项与退款", "Credits and refunds";
    CreditNoteNew => "开具贷项通知", "Issue a credit note";
    CreditNoteHint => "针对本发票:先抵扣未付余额,其余成为客户可用抵扣额(第 8.2 条)。", "Against this invoice: it settles what is owed first; the rest becomes customer credit (clause 8.2).";
    CreditStandaloneNew => "开具独立贷项(如补偿)", "Issue a standalone credit (e.g. compensation)";
    CreditStandaloneHint => "不针对发票;自动抵扣该客户之后开具的发票,或退款。", "Against no invoice; used on the customer's next invoices automatically, or refunded.";
    CreditIssue => "开具", "Issue";
    CreditIssued => "贷项通知已开具:", "Credit note issued:";
    CreditKindHead => "来源", "From";
    CreditKindNote => "贷项通知", "Credit note";
    CreditKindOverpayment => "多付款", "Overpayment";
    CreditKindCompensation => "补偿", "Compensation";
    CreditAmount => "金额", "Amount";
    CreditRemaining => "剩余", "Left";
    CreditRefunded => "已退款", "Refunded";
    CreditOpenOnly => "只看有剩余的", "Only with something left";
    CreditNone => "没有贷项。", "No credits.";
    RefundNew => "退款", "Refund";
    RefundOn => "退款日期", "Refunded on";
    RefundRecord => "登记退款", "Record refund";
    RefundRecorded => "退款已登记。", "The refund is recorded.";
    RefundsTitle => "退款记录", "Refunds";
    PlansAdminTitle => "定制服务方案", "Custom plans";
    ReportsTitle => "财务报表", "Reports";
    PlanStatusRequested => "待报价", "Awaiting proposal";
    PlanStatusProposed => "已报价,待答复", "Proposed, awaiting answer";
    PlanStatusAccepted => "已接受", "Accepted";
    PlanStatusDeclined => "已拒绝", "Declined";
    PlanStatusWithdrawn => "已撤回", "Withdrawn";
    ErrPlanRequestShort => "请至少用 10 个字描述您的需求。", "Please describe what you need in at least 10 characters.";
    ErrPlanValidUntil => "有效期须在今天到 180 天之间。", "The offer must be valid from today up to 180 days ahead.";
    ErrPlanNotAnswerable => "此方案现在不能答复(已答复或已过有效期)。", "This plan cannot be answered now (already answered or past its valid-until date).";
    ErrPlanState => "此方案当前状态不允许该操作。", "This plan's status does not allow that.";
    PlansTitle => "定制服务方案", "Custom service plans";
    PlansIntro => "如标准服务不能满足您的需要,请描述您的需求;我们将按现行收费标准报价,您接受后方案生效并开具发票,方案成为协议附件(第 3.2.3、14 条)。", "If the standard services do not fit, describe what you need; we answer with a proposal priced from the fee schedule in force. Once you accept, the plan takes effect, is invoiced and becomes an attachment of your agreement (clauses 3.2.3, 14).";
    PlanRequestLabel => "您的需求", "What you need";
    PlanRequestStaff => "客户需求", "The customer's request";
    PlanRequestSend => "提交需求", "Send request";
    PlanRequested => "需求已提交,我们会尽快报价。", "Your request is sent; we will answer with a proposal.";
    PlanNone => "还没有定制方案。", "No custom plans yet.";
    PlanTitle => "定制服务方案", "Custom service plan";
    PlanRequestedOn => "提出日期", "Requested on";
    PlanValidUntil => "报价有效期至", "Valid until";
    PlanProposalNote => "方案说明", "About this proposal";
    PlanPropose => "发送报价", "Send proposal";
    PlanProposeTitle => "报价(按今日生效的收费标准计价)", "Proposal (priced from the fee schedule in force today)";
    PlanProposed => "报价已发送给客户。", "The proposal is sent to the customer.";
    PlanAccept => "接受方案", "Accept plan";
    PlanDecline => "拒绝", "Decline";
    PlanWithdraw => "撤回需求", "Withdraw request";
    PlanAcceptedNotice => "方案已接受,发票已开具:", "The plan is accepted; its invoice is issued:";
    PlanAnswerHint => "接受即同意按上述价格购买这些服务;方案将成为协议附件。", "Accepting means buying these services at the prices above; the plan becomes an attachment of your agreement.";
    PlanEstimate => "合计(含会员折扣与税)", "Total (with level discount and tax)";
    ReportMonth => "月份", "Month";
    ReportItem => "项目", "Item";
    ReportNet => "净额(不含税)", "Net (before tax)";
    ReportTax => "税额", "Tax";
    AgeingCurrent => "未到期", "Current";
    AgeingOver90 => "逾期 90 天以上", "Over 90 days";
    AgeingDays => "逾期 {range} 天", "{range} days past due";
    ReportsAgeingTitle => "应收账款账龄", "Receivables ageing";
    ReportsRevenueTitle => "按项目和月份的收入", "Revenue by fee item and month";
    ReportsDownloadCsv => "下载 CSV(Excel 可直接打开)", "Download CSV (opens in Excel)";
    ReportsAsOf => "截至", "As of";
    ReportsRevenueNote => "按发票开具月份统计已开具(未作废)发票的明细行,含会员折扣;发票层面的减免与贷项不分摊到项目。", "Lines of issued (not void) invoices by month of issue, after level discounts; invoice-level waivers and credit notes are not spread over items.";
    ReportFrom => "从(月)", "From (month)";
    ReportTo => "到(月)", "To (month)";
    ReportsNone => "没有数据。", "Nothing to show.";
    ErrMonth => "请输入年月,如 2026-11。", "Enter a month such as 2026-11.";
    ErrPaymentSignature => "付款确认的签名无效。", "The payment confirmation's signature is not valid.";
    PayOnlineStart => "在线支付", "Pay online";
    PayOnlineHint => "将转到支付服务商页面支付应付余额。", "You will be taken to the payment provider to pay the balance due.";
    PaidOnlineNotice => "付款已收到,谢谢。", "Your payment was received. Thank you.";
    TestGatewayTitle => "测试支付网关", "Test payment gateway";
    TestGatewayWarning => "这是测试网关:不会扣款。正式上线前请接入真实支付服务商。", "This is the test gateway: no money moves. Plug in a real payment provider before going live.";
    TestGatewayPay => "确认支付", "Pay";
    TestGatewayCancel => "取消并返回", "Cancel and go back";
    TestGatewayDone => "此支付已结束。", "This checkout is closed.";
    PayTo => "收款方", "Pay to";
    ReqStatusNew => "新请求", "New";
    ReqStatusOpen => "处理中", "Open";
    ReqStatusWaiting => "等待您的回复", "Waiting on the customer";
    ReqStatusResolved => "已解决", "Resolved";
    ReqStatusClosed => "已关闭", "Closed";
    ErrReqSubject => "请填写标题(最多 200 个字符)。", "Please give a subject (at most 200 characters).";
    ErrReqBody => "请填写内容(最多 10,000 个字符)。", "Please write your message (at most 10,000 characters).";
    ErrReqState => "此请求当前状态不允许该操作。", "This request's status does not allow that.";
    ErrReqTransferNote => "转交时请写明原因。", "Please say why the request is transferred.";
    ErrReqAssignee => "请选择一位在职的客服或管理员。", "Please choose an active agent or admin.";
    ErrReqBranch => "请选择一个分支机构。", "Please choose a branch.";
    ErrReqReceivedAt => "接收时间须在过去 30 天内,且不能晚于现在。", "The time received must be within the last 30 days and not in the future.";
    ReqReceivedAt => "接收时间(上海时间,留空为现在)", "Received at (Shanghai time; empty: now)";
    NotifRequestNew => "新服务请求 #{id}:{subject}", "New service request #{id}: {subject}";
    NotifRequestAgentAway => "专属顾问不在岗,请求 #{id} 已转入分支机构队列:{subject}", "The dedicated agent is away; request #{id} went to the branch queue: {subject}";
    NotifRequestReplied => "您的服务请求 #{id} 有新回复。", "There is a new reply on your service request #{id}.";
    NotifRequestStatus => "您的服务请求 #{id} 状态已更新为:{status}", "Your service request #{id} is now: {status}";
    NotifSlaAtRisk => "请求 #{id} 的{target}时限已用去 80%,截止 {due}。", "Request #{id}: 80 % of the {target} time is used; due {due}.";
    NotifSlaBreached => "请求 #{id} 已超出{target}时限(截止 {due})。", "Request #{id} has breached its {target} time (due {due}).";
    NotifSlaEscalated => "升级:请求 #{id}({subject})的{target}时限已超出一半以上(截止 {due}),请管理员介入。", "Escalation: request #{id} ({subject}) is more than half past its {target} time (due {due}); an admin should step in.";
    NotifRequestAssigned => "请求 #{id} 已交给您处理:{subject}", "Request #{id} is now yours: {subject}";
    NotifRequestTransferred => "请求 #{id} 已转入您的分支机构队列:{subject}", "Request #{id} was transferred to your branch's queue: {subject}";
    // Complaints, compensation, breach cases, disputes: notifications ({number} is the case number)
    NotifComplaintReceived => "收到新投诉 {number}:{subject}", "New complaint {number}: {subject}";
    NotifComplaintAcknowledged => "您的投诉 {number} 已受理,我们将在 {due} 前提出处理方案。", "Your complaint {number} has been acknowledged; we will propose a resolution by {due}.";
    NotifComplaintProposed => "您的投诉 {number} 有了处理方案,请查看并答复。", "There is a proposed resolution to your complaint {number}; please review and answer it.";
    NotifComplaintAnswered => "客户已答复投诉 {number} 的处理方案:{answer}", "The customer answered the proposed resolution of complaint {number}: {answer}";
    NotifComplaintEscalated => "投诉 {number} 的处理方案被客户拒绝,已升级给您处理,请在 {due} 前提出新方案。", "The customer rejected the resolution of complaint {number}; it is escalated to you. Propose a new one by {due}.";
    NotifComplaintOverdue => "投诉 {number} 已逾期:{step}(截止 {due})", "Complaint {number} is overdue: {step} (due {due})";
    NotifComplaintClosed => "投诉 {number} 已结案。", "Complaint {number} is closed.";
    NotifCompensationGranted => "请求 #{id} 未在承诺时限内{target},按第 8.2 条向您发放补偿 {amount}(抵用额度 {number})。", "Request #{id} missed its {target} commitment; under clause 8.2 you receive {amount} compensation (credit {number}).";
    NotifBreachOpened => "违约案件 #{id} 等待审核:{subject}", "Breach case #{id} is waiting for a decision: {subject}";
    NotifBreachUpheld => "经审核,您违反了协议(第 {clause} 条),VIP 权益已终止。原因:{reason}。如有异议,可提出投诉。", "After review you were found in breach of the agreement (clause {clause}); your VIP rights have ended. Reason: {reason}. You may complain about this decision.";
    NotifBreachDismissed => "违约案件 #{id} 未成立,已结案。", "Breach case #{id} was dismissed.";
    NotifDisputeOpened => "争议案件 {number} 已立案,解决方式:{method}。", "Dispute {number} has been opened; method: {method}.";
    NotifDisputeStep => "争议案件 {number} 有新进展:{method}", "Dispute {number} has a new step: {method}";
    NotifDisputeClosed => "争议案件 {number} 已结案:{reason}", "Dispute {number} is closed: {reason}";
    NotifCompensationRefundDue => "投诉补偿 {amount}(抵用额度 {number})经客户接受,应以退款方式支付,请办理退款。", "Complaint compensation of {amount} (credit {number}) was accepted to be paid as a refund; please refund it.";
    NotifFeedbackRequested => "{item} 已处理完毕,请为本次服务评分(1–5 分),7 天内可修改。", "{item} is done: please rate our service (1–5); you can change your rating for 7 days.";
    NotifQualityBelowStandard => "{period} 月度评估:{name} 低于服务标准({reasons})。", "{period} evaluation: {name} is below the service standard ({reasons}).";
    NotifTrainingAssigned => "已为您安排培训「{topic}」,请于 {due} 前完成。", "Training \"{topic}\" was assigned to you; please complete it by {due}.";
    NotifTrainingDone => "{name} 已完成培训「{topic}」,请核验。", "{name} completed the training \"{topic}\"; please verify it.";
    NotifTrainingReviewed => "培训「{topic}」:{result}。", "Training \"{topic}\": {result}.";
    NavRequests => "服务请求", "Requests";
    NavQueue => "服务队列", "Queue";
    ReqTitle => "我的服务请求", "My service requests";
    ReqIntro => "咨询、定制服务或其他需要,都可以在这里提出;您的专属顾问会优先处理,并按协议时限答复(第 3.2.1 条)。", "Ask for advice, a custom service or anything else here; your dedicated agent handles it first and answers within the agreed times (clause 3.2.1).";
    ReqNew => "提出新请求", "New request";
    ReqKind => "类型", "Kind";
    ReqKindConsultation => "咨询", "Consultation";
    ReqKindCustomPlan => "定制服务方案", "Custom service plan";
    ReqKindOther => "其他", "Other";
    ReqUrgency => "紧急程度", "Urgency";
    ReqUrgencyLow => "低", "Low";
    ReqUrgencyNormal => "普通", "Normal";
    ReqUrgencyHigh => "高", "High";
    ReqUrgencyUrgent => "紧急", "Urgent";
    ReqSubject => "标题", "Subject";
    ReqBody => "内容", "Message";
    ReqSend => "提交", "Send";
    ReqNone => "没有服务请求。", "No requests.";
    ReqFirstResponseDue => "首次响应截止", "First response due";
    ReqResolutionDue => "解决截止", "Resolution due";
    ReqFirstResponseAt => "首次响应于", "First response at";
    ReqPaused => "等待您的回复,计时已暂停", "Waiting for you: the clock is paused";
    ReqPosition => "您在队列中的位置", "Your place in the queue";
    QueuePosition => "队列位置", "Place in the queue";
    ReqAssignee => "处理人", "Handled by";
    ReqUnassigned => "待分配", "Not yet assigned";
    ReqReply => "回复", "Reply";
    ReqReopen => "重新打开", "Reopen";
    ReqInternalNote => "内部备注(客户不可见)", "Internal note (never shown to the customer)";
    ReqAskCustomer => "回复并等待客户", "Reply and wait for the customer";
    ReqResolve => "标记为已解决", "Mark resolved";
    ReqAddNote => "添加内部备注", "Add internal note";
    ReqChannel => "渠道", "Channel";
    ReqChannelWeb => "网页", "Web";
    ReqChannelPhone => "电话", "Phone";
    ReqChannelEmail => "电子邮件", "E-mail";
    ReqChannelBranch => "网点", "Branch";
    ReqLogContact => "代客户登记(电话、邮件、网点)", "Log a contact for a customer (phone, e-mail, branch)";
    QueueTitle => "服务队列", "Service queue";
    QueueHint => "排序:紧急程度 → VIP 等级(高者优先)→ 时限 → 提出时间(第 3.2.2 条)。", "Order: urgency → VIP level (highest first) → due time → age (clause 3.2.2).";
    QueueAll => "全部", "All";
    QueueMine => "我的", "Mine";
    QueueUnassigned => "待分配", "Unassigned";
    QueueNext => "下一页", "Next page";
    QueueDue => "截止", "Due";
    QueueMyBranch => "本分支机构", "My branch";
    QueueBreached => "已超时", "Breached";
    QueueFilterBtn => "筛选", "Filter";
    QueueAnyKind => "全部类型", "Any kind";
    QueueAnyChannel => "全部渠道", "Any channel";
    ReqRouting => "分派与转交", "Assign and transfer";
    ReqClaim => "由我处理", "Take it";
    ReqAssignTo => "分派给", "Assign to";
    ReqAssign => "分派", "Assign";
    ReqTransferTo => "转交至分支机构", "Transfer to branch";
    ReqTransfer => "转交", "Transfer";
    ReqRouteNote => "备注(转交时必填,客户不可见)", "Note (required for a transfer; never shown to the customer)";
    ReqAway => "不在岗", "away";
    ReqTimeline => "处理记录", "Timeline";
    TlOpened => "提出请求", "Request opened";
    TlClaimed => "接手处理", "took the request";
    TlAssigned => "分派给", "assigned to";
    TlTransferred => "转交至", "transferred to";
    TlSlaAtRisk => "时限已用去 80%", "80 % of the time used";
    TlSlaBreached => "超出时限", "time limit breached";
    TlSlaEscalated => "已升级至管理员", "escalated to the admins";
    TlFirstResponse => "首次响应", "First response";
    TlResolution => "解决", "Resolution";
    ReqFiles => "附件", "Attachments";
    ReqFilesNone => "暂无附件。", "No attachments yet.";
    ReqPlanLink => "对应的定制服务方案", "The custom service plan for this request";
    QueueLevel => "等级", "Level";
    ReqVip => "VIP", "VIP";
    AdjTitle => "减免与额外折扣", "Waivers and extra discounts";
    AdjHint => "提出后须由另一位财务或管理员审批,批准后才从余额中扣减。", "A proposal needs another finance or admin user's approval; only then does it reduce the balance.";
    AdjKind => "类型", "Kind";
    AdjWaiver => "减免", "Waiver";
    AdjExtraDiscount => "额外折扣", "Extra discount";
    AdjReason => "原因", "Reason";
    AdjPropose => "提出申请", "Propose";
    AdjApprove => "批准", "Approve";
    AdjReject => "驳回", "Reject";
    AdjProposed => "待审批", "Awaiting approval";
    AdjApproved => "已批准", "Approved";
    AdjRejected => "已驳回", "Rejected";
    AdjProposedBy => "提出人", "Proposed by";
    AdjDecidedBy => "审批人", "Decided by";
    DeskAdminTitle => "服务台设置", "Service desk settings";
    DeskAdminLead => "分支机构与主管、员工所在分支机构与在岗情况、VIP 专属顾问、工作日历与服务时限(第 3.1.1、3.4.1、3.4.2 条)。每次更改都会记入审计日志。", "Branches and supervisors, where staff work and who is away, VIP dedicated agents, working calendars and service level terms (clauses 3.1.1, 3.4.1, 3.4.2). Every change is recorded in the audit log.";
    DeskAdminSaved => "已保存。", "Saved.";
    DeskAdminBranches => "分支机构与总部", "Branches and headquarters";
    DeskAdminNoBranches => "还没有分支机构。", "There are no branches yet.";
    DeskAdminBranchCode => "代码", "Code";
    DeskAdminBranchName => "名称", "Name";
    DeskAdminBranchCodeHint => "1–16 个字母、数字、- 或 _,如 SH-01。", "1–16 letters, digits, - or _, e.g. SH-01.";
    DeskAdminNameZh => "中文名称", "Chinese name";
    DeskAdminNameEn => "英文名称", "English name";
    DeskAdminHeadquarters => "总部", "Headquarters";
    DeskAdminSupervisor => "主管", "Supervisor";
    DeskAdminNoSupervisor => "(无主管)", "(no supervisor)";
    DeskAdminNewBranch => "新建分支机构", "New branch";
    DeskAdminCreateBranch => "创建分支机构", "Create branch";
    DeskAdminChangeSupervisor => "更换主管", "Change supervisor";
    DeskAdminStaff => "员工所在分支机构", "Staff and branches";
    DeskAdminStaffHint => "不在岗的客服不会收到新请求:其客户的新请求进入所在分支机构的队列,并通知该分支机构主管。", "An agent who is away gets no new requests: their customers' new requests go to their branch's queue and the branch supervisor is told.";
    DeskAdminBranch => "所在分支机构", "Branch";
    DeskAdminNoBranch => "(未分配分支机构)", "(no branch)";
    DeskAdminAway => "不在岗", "Away";
    DeskAdminPresent => "在岗", "Present";
    DeskAdminInactive => "已停用", "Deactivated";
    DeskAdminAgents => "VIP 专属顾问", "VIP dedicated agents";
    DeskAdminAgentsHint => "每位 VIP 客户的新请求首先交给其专属顾问;只有客服或管理员可以担任。", "Each VIP customer's new requests go first to their dedicated agent; only agents and admins can be one.";
    DeskAdminNoVips => "目前没有 VIP 客户。", "There are no VIP customers at the moment.";
    DeskAdminCustomer => "客户", "Customer";
    DeskAdminLevel => "等级", "Level";
    DeskAdminAgent => "专属顾问", "Dedicated agent";
    DeskAdminNoAgent => "(未指定)", "(not assigned)";
    DeskAdminAssign => "指定", "Assign";
    DeskAdminCalendars => "工作日历", "Working calendars";
    DeskAdminCalendarsHint => "时限在营业时间内计算:工作日的开始至结束时间,节假日不计,调休日照常计算(上海时间)。更改只适用于此后提出的请求。", "SLA clocks run during opening hours: from opening to closing on working weekdays, not on holidays, and on adjusted working days (调休) as usual (Shanghai time). Changes apply to requests opened afterwards.";
    DeskAdminAlwaysOpen => "全天候(7×24 小时),无需设置营业时间。", "Around the clock (24×7); it has no opening hours to set.";
    DeskAdminOpens => "开始时间", "Opens at";
    DeskAdminCloses => "结束时间", "Closes at";
    DeskAdminTimeHint => "HH:MM,如 09:00;24:00 表示午夜。", "HH:MM, e.g. 09:00; 24:00 is midnight.";
    DeskAdminWeekdays => "工作日", "Working weekdays";
    DeskAdminMon => "周一", "Mon";
    DeskAdminTue => "周二", "Tue";
    DeskAdminWed => "周三", "Wed";
    DeskAdminThu => "周四", "Thu";
    DeskAdminFri => "周五", "Fri";
    DeskAdminSat => "周六", "Sat";
    DeskAdminSun => "周日", "Sun";
    DeskAdminSaveHours => "保存营业时间", "Save opening hours";
    DeskAdminSpecialDays => "节假日与调休", "Holidays and adjusted working days";
    DeskAdminNoDays => "没有节假日或调休日。", "No holidays or adjusted working days.";
    DeskAdminDay => "日期", "Date";
    DeskAdminDayKind => "类型", "Kind";
    DeskAdminHoliday => "节假日(不上班)", "Holiday (closed)";
    DeskAdminWorkday => "调休(上班)", "Adjusted working day (open)";
    DeskAdminNote => "备注", "Note";
    DeskAdminAddDay => "添加日期", "Add day";
    DeskAdminRemoveDay => "删除", "Remove";
    DeskAdminPolicies => "服务时限(SLA)", "Service level terms (SLA)";
    DeskAdminPoliciesHint => "更改只适用于此后提出的请求;已提出的请求保留提出时的时限。", "Changes apply to requests opened afterwards; requests already open keep the terms they were opened with.";
    DeskAdminNonVip => "非 VIP 客户", "Customers who are not VIPs";
    DeskAdminFirstResponse => "首次响应(小时)", "First response (hours)";
    DeskAdminResolution => "解决(小时)", "Resolution (hours)";
    DeskAdminHoursHint => "小时数,如 8、1.5 或 1:30。", "Hours, e.g. 8, 1.5 or 1:30.";
    DeskAdminCalendar => "日历", "Calendar";
    DeskAdminErrCode => "代码为 1–16 个字母、数字、- 或 _。", "The code must be 1–16 letters, digits, - or _.";
    DeskAdminErrCodeTaken => "已有分支机构使用此代码。", "Another branch already uses this code.";
    DeskAdminErrHqTaken => "总部已存在,只能有一个总部。", "The headquarters already exists; there can be only one.";
    DeskAdminErrName => "请输入名称(最多 80 个字符)。", "Please enter a name (at most 80 characters).";
    DeskAdminErrStaff => "请选择一位在职员工。", "Please choose an active staff member.";
    DeskAdminErrAgent => "专属顾问必须是在职的客服或管理员。", "The dedicated agent must be an active agent or admin.";
    DeskAdminErrNotVip => "该客户目前不是 VIP。", "This customer is not a VIP at the moment.";
    // ---- Complaints (clause 7; core) ----
    CmpTitle => "我的投诉", "My complaints";
    CmpPortalIntro => "提出投诉、查看处理进度与补偿,以及违约认定和争议案件。", "File a complaint and follow it, see your compensation, breach decisions and disputes.";
    CmpIntro => "对我们的服务不满意?请在此提出投诉。我们会在期限内确认受理并提出处理方案,您可以接受或拒绝;拒绝后将升级至分支机构主管处理。也可通过其他渠道投诉:", "Not satisfied with our service? File a complaint here. We acknowledge it and propose a resolution within the deadlines; you may accept or reject it, and a rejection goes to the branch supervisor. Other ways to complain:";
    CmpNew => "提出投诉", "File a complaint";
    CmpSubject => "投诉主题", "Subject";
    CmpBody => "投诉内容", "What happened";
    CmpSend => "提交投诉", "File the complaint";
    CmpNone => "暂无投诉。", "No complaints.";
    CmpNumber => "编号", "Number";
    CmpNextStep => "下一步与期限", "Next step and deadline";
    CmpOverdue => "已逾期", "Overdue";
    CmpHandler => "处理人", "Handled by";
    CmpNoLink => "(无)", "(none)";
    CmpAboutRequest => "相关服务请求", "About the request";
    CmpAboutInvoice => "相关发票", "About the invoice";
    CmpAboutAgent => "相关顾问", "About the agent";
    CmpAboutBreach => "针对违约认定", "About the breach decision";
    CmpReference => "相关请求或发票(可选)", "About a request or an invoice (optional)";
    CmpReferenceHint => "请求编号如 #12,或发票号如 INV-2026-000001。", "A request number such as #12, or an invoice number such as INV-2026-000001.";
    CmpAgentEmail => "被投诉员工的电子邮箱(可选)", "E-mail of the staff member complained about (optional)";
    CmpReceivedAt => "收到时间", "Received";
    CmpRecordedBy => "记录人", "recorded by";
    CmpAcknowledgeDue => "受理期限", "Acknowledge by";
    CmpProposalDue => "方案期限", "Propose a resolution by";
    CmpProposal => "处理方案", "Proposed resolution";
    CmpFinding => "调查结论", "Finding";
    CmpRemedy => "处理措施", "Remedy";
    CmpCompensation => "补偿", "Compensation";
    CmpCompensationYuan => "补偿金额(元,可选)", "Compensation in yuan (optional)";
    CmpCompensationForm => "补偿方式", "How compensation is paid";
    CmpCreditIssued => "已发放抵用额度", "credit issued";
    CmpProposedBy => "提出人", "Proposed by";
    CmpAnswer => "客户答复", "Customer's answer";
    CmpAccepted => "已接受", "Accepted";
    CmpRejected => "已拒绝", "Rejected";
    CmpAnswerTitle => "您的答复", "Your answer";
    CmpAnswerHint => "接受后投诉结案,补偿随即发放;如拒绝,请说明原因,投诉将升级至分支机构主管重新处理。", "Accepting closes the complaint and pays any compensation at once. If you reject it, say why; the complaint goes to the branch supervisor for a new proposal.";
    CmpAnswerHintFinal => "这是主管提出的第二次方案。如仍拒绝,将转为争议案件,按协议第 11 条协商、调解、仲裁或诉讼解决。", "This is the supervisor's second proposal. If you reject it too, a dispute case is opened and resolved under clause 11: negotiation, mediation, arbitration or court.";
    CmpComment => "意见(拒绝时必填)", "Comment (required when rejecting)";
    CmpAccept => "接受方案", "Accept";
    CmpReject => "拒绝方案", "Reject";
    CmpHistory => "处理记录", "History";
    CmpEvReceived => "收到投诉", "Complaint received";
    CmpEvAcknowledged => "已受理", "Acknowledged";
    CmpEvInvestigating => "开始调查", "Investigation started";
    CmpEvProposed => "提出处理方案", "Resolution proposed";
    CmpEvAccepted => "客户接受方案", "The customer accepted";
    CmpEvRejected => "客户拒绝方案", "The customer rejected";
    CmpDispute => "争议案件", "Dispute case";
    CmpAutoComp => "自动补偿", "Automatic compensation";
    CmpAutoCompHint => "如您的服务请求未在承诺时限内响应或解决,我们将按您的会员等级自动向您发放补偿,计入账户余额。", "When a request of yours is not answered or resolved within our commitment, compensation for your level is credited to your account automatically.";
    CmpAutoCompNone => "暂无自动补偿。", "No automatic compensation so far.";
    CmpQueueTitle => "投诉处理", "Complaints";
    CmpQueueHint => "VIP 客户的投诉在同等条件下优先处理(第 3.2.2 条),其后按期限先后排序;逾期步骤已标出。", "Complaints of VIP customers go first under equal conditions (clause 3.2.2), then by deadline; overdue steps are flagged.";
    CmpCases => "投诉相关", "Complaint sections";
    CmpNavBreaches => "客户违约案件", "Customer breach cases";
    CmpNavDisputes => "争议案件", "Disputes";
    CmpNavReports => "投诉报表", "Complaint reports";
    CmpNavSettings => "期限与自动补偿", "Deadlines and automatic compensation";
    CmpViewOpen => "待处理", "To do";
    CmpViewOverdue => "已逾期", "Overdue";
    CmpViewWaiting => "等待客户答复", "Waiting for the customer";
    CmpViewFinished => "已结束", "Finished";
    CmpRecord => "记录电话、邮件或到店投诉", "Record a complaint received by phone, e-mail or at a branch";
    CmpActions => "处理", "Handle";
    CmpNoteLabel => "备注(受理、调查时告知客户;“添加备注”仅员工可见)", "Note (shown to the customer with acknowledge and investigate; 'Add note' is for staff only)";
    CmpActAcknowledge => "确认受理", "Acknowledge";
    CmpActInvestigate => "开始调查", "Start investigating";
    CmpActPropose => "提出处理方案", "Propose a resolution";
    CmpStatusReceived => "已收到", "Received";
    CmpStatusAcknowledged => "已受理", "Acknowledged";
    CmpStatusInvestigating => "调查中", "Investigating";
    CmpStatusProposed => "已提出处理方案", "Resolution proposed";
    CmpStatusEscalated => "已升级至主管", "Escalated to the supervisor";
    CmpStatusClosed => "已结案", "Closed";
    CmpStatusDisputed => "已转为争议", "Carried into a dispute";
    CmpFindingUpheld => "投诉成立", "Upheld";
    CmpFindingPartly => "部分成立", "Partly upheld";
    CmpFindingNotUpheld => "投诉不成立", "Not upheld";
    CmpCompNone => "无补偿", "No compensation";
    CmpCompCredit => "补偿计入账户余额(抵扣下一张发票)", "Credit on the account (settles the next invoice)";
    CmpCompRefund => "补偿以退款方式支付", "Paid out as a refund";
    CmpStepAcknowledge => "确认受理", "acknowledge";
    CmpStepPropose => "提出处理方案", "propose a resolution";
    CmpStepSecondProposal => "提出第二次处理方案", "propose a second resolution";
    ErrCmpFinished => "该投诉已结束,不能再执行此操作。", "This complaint has ended; this step is no longer possible.";
    ErrCmpAlreadyAcknowledged => "该投诉已受理。", "This complaint has already been acknowledged.";
    ErrCmpAcknowledgeFirst => "请先确认受理该投诉。", "Acknowledge the complaint first.";
    ErrCmpAlreadyInvestigating => "该投诉已在调查中。", "This complaint is already being investigated.";
    ErrCmpAwaitingAnswer => "处理方案已提出,正在等待客户答复。", "A resolution has been proposed; the customer's answer is awaited.";
    ErrCmpNoProposal => "目前没有待答复的处理方案。", "There is no proposed resolution to answer.";
    ErrCmpChanged => "该投诉刚被他人更新,请刷新后重试。", "Someone else just updated this complaint; please reload and try again.";
    ErrCmpSupervisorOnly => "该投诉已升级,第二轮方案由持有该投诉的主管(或管理员)处理。", "This complaint was escalated: the second round belongs to the supervisor holding it (or an admin).";
    CmpAboutStaff => "涉及的服务人员", "About a staff member";
    CmpDedicatedMark => "(专属顾问)", "(dedicated agent)";
    QNavDashboard => "服务质量", "Service quality";
    QNavMine => "我的服务质量与培训", "My quality and training";
    QNavFeedback => "客户反馈", "Customer feedback";
    QNavEvaluations => "月度评估", "Monthly evaluations";
    QNavStandards => "质量标准", "Quality standards";
    QNavTraining => "培训", "Training";
    QNavProcess => "流程优化", "Process optimisation";
    QNavMyFeedback => "意见与评价", "Feedback";
    // ==== quality: feedback (helper F) ====
    // ==== quality: evaluations, standards, training (helper E) ====
    // ==== quality: dashboard, process report (helper D) ====
    ErrCmpLink => "关联的请求、发票、顾问或违约案件无效。", "The linked request, invoice, agent or breach case is not valid.";
    ErrCmpCompensation => "补偿金额须在 0 至 100,000 元之间;有补偿时请选择支付方式,无补偿时选择“无补偿”。", "Compensation must be between ¥0 and ¥100,000; choose how it is paid when there is any, and \"No compensation\" when there is none.";
    ErrCmpRejectReason => "请说明您拒绝该处理方案的原因。", "Please say why you reject the proposed resolution.";
    // ---- Breach cases and disputes (4.3.2, 8.1, 11) ----
    BcStatusOpen => "待决定", "Awaiting decision";
    BcStatusUpheld => "违约成立", "Upheld";
    BcStatusDismissed => "违约不成立", "Dismissed";
    BcErrDecision => "请选择“违约成立”或“违约不成立”。", "Please choose upheld or dismissed.";
    BcErrClause => "请选择第 4.3.2 条或第 8.1 条。", "Please choose clause 4.3.2 or 8.1.";
    BcErrOwnCase => "本案由您开立,须由另一位审核人员作出决定(第 4.3.2 条)。", "You opened this case, so another reviewer must decide it (clause 4.3.2).";
    BcErrDecided => "该案件已作出决定。", "This case has been decided already.";
    BcErrSummaryTooLong => "摘要最多 200 个字符。", "The summary may have at most 200 characters.";
    BcErrNotCustomer => "没有使用该电子邮箱的客户。", "There is no customer with this e-mail address.";
    BcErrTooManyFiles => "每个案件最多 20 个文件。", "A case may have at most 20 files.";
    DspMethodNegotiation => "协商", "Negotiation";
    DspMethodMediation => "调解", "Mediation";
    DspMethodArbitration => "仲裁", "Arbitration";
    DspMethodCourt => "诉讼", "Court";
    DspStatusOpen => "处理中", "Open";
    DspStatusSettled => "已和解", "Settled";
    DspStatusDecided => "已裁决", "Decided";
    DspStatusWithdrawn => "已撤回", "Withdrawn";
    DspStepOpened => "立案", "Opened";
    DspStepMethodChanged => "变更解决方式", "Method changed";
    DspStepHearing => "开庭或听证", "Hearing";
    DspStepFiling => "提交申请或起诉", "Filing";
    DspStepDocument => "文书", "Document";
    DspStepSettlement => "和解", "Settlement";
    DspStepDecision => "裁决或判决", "Decision";
    DspStepWithdrawn => "撤回", "Withdrawal";
    DspStepNote => "内部备注(客户不可见)", "Internal note (staff only)";
    DspErrSameMethod => "争议已在使用该解决方式。", "The dispute already uses this method.";
    DspErrBackwards => "解决方式只能向前推进:协商 → 调解 → 仲裁或诉讼(第 11 条)。", "The method only moves forward: negotiation → mediation → arbitration or court (clause 11).";
    DspErrArbitrationOrCourt => "仲裁与诉讼只能选择其一(第 11 条)。", "Arbitration and court exclude each other (clause 11).";
    DspErrDateBeforePrevious => "日期不能早于上一步骤的日期。", "The date cannot be before the previous step's date.";
    DspErrDateFuture => "日期不能晚于今天。", "The date cannot be later than today.";
    DspErrBodyRequired => "调解、仲裁和诉讼须填写受理机构。", "Mediation, arbitration and court need the body that handles them.";
    DspErrBodyTooLong => "机构名称最多 200 个字符。", "The name of the body may have at most 200 characters.";
    DspErrDecisionNeedsForum => "只有仲裁或诉讼才能以裁决结案。", "Only arbitration or a court can end with a decision.";
    DspErrCloseAs => "请选择结案方式。", "Please choose how the dispute ended.";
    DspErrStepKind => "请选择步骤类型。", "Please choose the kind of step.";
    DspErrStepNeedsForum => "提交申请和开庭只适用于调解、仲裁或诉讼。", "Filings and hearings happen only in mediation, arbitration or court.";
    DspErrMethod => "请选择解决方式。", "Please choose a method.";
    DspErrMethodMissing => "变更解决方式时请选择新的方式。", "Please choose the new method.";
    DspErrClosed => "该争议已结案,不能再更改。", "This dispute is closed and can no longer change.";
    DspErrComplaintTaken => "该投诉已有争议案件。", "This complaint already has a dispute.";
    DspErrTooManyFiles => "每个争议最多 20 个文件。", "A dispute may have at most 20 files.";
    BcTitle => "客户违约案件", "Customer breach cases";
    BcLead => "客户违反协议(第 4.3.2 条、第 8.1 条)时,由员工立案并提交证据,再由另一位审核人员或管理员决定。违约成立将终止该客户的会员资格和 VIP 权益。", "When a customer breaches the agreement (clauses 4.3.2, 8.1), staff open a case with the evidence and another reviewer or admin decides it. An upheld case ends the customer's membership and VIP rights.";
    BcOpenCases => "待决定的案件", "Cases awaiting a decision";
    BcDecidedCases => "已决定的案件", "Decided cases";
    BcNone => "暂无案件。", "No cases.";
    BcCase => "违约案件", "Breach case";
    BcCustomer => "客户", "Customer";
    BcCustomerEmail => "客户电子邮箱", "Customer's e-mail address";
    BcSummary => "摘要", "Summary";
    BcSummaryHint => "一句话说明违约行为(最多 200 个字符),审核人员会在通知中看到。", "One line on what the customer did (at most 200 characters); reviewers see it in their notification.";
    BcEvidence => "证据说明", "Evidence";
    BcEvidenceHint => "立案后可在案件页面上传证据文件。", "Evidence files can be uploaded on the case page once it is open.";
    BcClause432 => "4.3.2 — 客户违约,权益终止", "4.3.2 — customer's breach, rights end";
    BcClause81 => "8.1 — 违约责任", "8.1 — liability for breach";
    BcOpenedBy => "立案人", "Opened by";
    BcOpenedAt => "立案时间", "Opened";
    BcDecidedBy => "决定人", "Decided by";
    BcDecidedAt => "决定时间", "Decided";
    BcMembership => "会员资格", "Membership";
    BcNoMembership => "立案时没有有效的会员资格。", "No live membership when the case was opened.";
    BcNewCase => "新建违约案件", "Open a breach case";
    BcOpenSubmit => "立案", "Open the case";
    BcFiles => "证据文件", "Evidence files";
    BcFilesNone => "暂无证据文件。", "No evidence files.";
    BcDecision => "决定", "Decision";
    BcDecisionChoice => "决定结果", "Outcome";
    BcUphold => "违约成立:终止会员资格和 VIP 权益", "Upheld: end the membership and VIP rights";
    BcDismiss => "违约不成立:权益不受影响", "Dismissed: rights stay as they are";
    BcReason => "理由", "Reason";
    BcReasonHint => "客户会在通知和“我的 VIP”中看到此理由。", "The customer sees this reason in the notification and in the portal.";
    BcDecide => "作出决定", "Record the decision";
    BcUpholdWarning => "违约成立将立即终止该客户的会员资格和协议(第 9 条,由公司终止),并通知客户。", "Upholding ends the customer's membership and agreement at once (clause 9, terminated by the company) and tells the customer.";
    BcYouOpened => "本案由您开立。为保证公正,须由另一位审核人员或管理员作出决定(第 4.3.2 条)。", "You opened this case. To keep the decision impartial, another reviewer or admin must decide it (clause 4.3.2).";
    BcAwaitingReviewer => "等待审核人员或管理员作出决定。", "Waiting for a reviewer or admin to decide.";
    BcMine => "违约认定", "Breach decisions";
    BcMineNone => "您没有违约认定记录。", "There are no breach decisions about you.";
    BcUpheldNote => "经审核,您违反了协议,您的会员资格和 VIP 权益已终止。", "After review you were found in breach of the agreement; your membership and VIP rights have ended.";
    BcDismissedNote => "经审核,违约不成立,您的权益不受影响。", "After review the case was dismissed; your rights are not affected.";
    BcComplain => "对此决定提出投诉", "Complain about this decision";
    BcComplainHint => "如您不同意此决定,可以提出投诉(第 7 条)。", "If you disagree with this decision you may complain (clause 7).";
    BcBack => "返回违约案件", "Back to breach cases";
    DspTitle => "争议案件", "Dispute cases";
    DspLead => "依据第 11 条,争议先协商解决;协商不成可调解,再申请仲裁或向法院起诉(二者择一)。记录受理机构、关键日期、文书和结果,客户可随时查看进展。", "Under clause 11 a dispute is first negotiated; failing that it goes to mediation, then to arbitration or a court (one or the other). Record the body, key dates, documents and result; the customer follows every step.";
    DspNumber => "编号", "Number";
    DspMethod => "解决方式", "Method";
    DspBody => "受理机构", "Body";
    DspBodyHint => "调解组织、仲裁委员会或法院的名称;协商时可留空。", "The mediation organisation, arbitration commission or court; leave empty for negotiation.";
    DspOpenedOn => "立案日期", "Opened on";
    DspClosedOn => "结案日期", "Closed on";
    DspUpdated => "最近更新", "Last change";
    DspNone => "暂无争议案件。", "No disputes.";
    DspNew => "新建争议案件", "Open a dispute";
    DspSummary => "争议概要", "What the dispute is about";
    DspOpenSubmit => "立案", "Open the dispute";
    DspComplaint => "来源投诉", "From complaint";
    DspResult => "结果", "Result";
    DspSteps => "进展", "Steps";
    DspStepKind => "步骤类型", "Kind of step";
    DspNewMethod => "新的解决方式(仅变更方式时)", "New method (method change only)";
    DspNoNewMethod => "— 不变更 —", "— no change —";
    DspNewBody => "新的受理机构(仅变更方式时)", "New body (method change only)";
    DspStepDate => "日期", "Date";
    DspStepDateHint => "实际发生的日期,不得早于上一步骤:", "The day it happened, not before the previous step:";
    DspNote => "说明", "Details";
    DspNoteHint => "客户可以看到说明(内部备注除外)。", "The customer sees the details (except internal notes).";
    DspRecordStep => "记录步骤", "Record the step";
    DspRecordTitle => "记录新步骤", "Record a step";
    DspDocuments => "文书", "Documents";
    DspAttachTitle => "上传文书", "Upload a document";
    DspAttachStep => "所属步骤", "Step";
    DspCloseTitle => "结案", "Close the dispute";
    DspCloseAs => "结案方式", "How it ended";
    DspCloseSubmit => "结案", "Close the dispute";
    DspCloseHint => "只有仲裁或诉讼才能以裁决结案。结案后不能再记录步骤。", "Only arbitration or a court ends with a decision. No steps can be recorded after closing.";
    DspRecordedBy => "记录人", "Recorded by";
    DspMine => "争议案件", "Disputes";
    DspMineNone => "您没有争议案件。", "You have no disputes.";
    DspBack => "返回争议案件", "Back to disputes";
    DspCustomerLead => "争议按第 11 条处理:协商、调解,然后仲裁或诉讼。每一步我们都会通知您。", "Disputes follow clause 11: negotiation, mediation, then arbitration or court. We tell you of every step.";
    // ---- Complaint reports and settings (7.2, 8.2) ----
    ComplaintReportsTitle => "投诉报表", "Complaint reports";
    ComplaintReportsLead => "投诉按收到月份(北京时间)和分支机构统计,确认、解决和认定结论都计入收到的月份;赔偿按发放月份计入。", "Complaints count in the month they were received (Beijing time) and at their branch; acknowledgement, resolution and findings count in that month too. Compensation counts in the month it was issued.";
    ComplaintReportsMethod => "中位数和 P90 按最近秩法计算,总是实际出现过的用时。成立比例以有认定结论的投诉为基数(以客户接受的方案为准,否则为最近一次方案)。", "Median and P90 use the nearest-rank method: always a time that actually occurred. Upheld shares are of complaints with a finding (the accepted proposal's, otherwise the latest proposal's).";
    ComplaintReportsUnassigned => "未分配", "Unassigned";
    ComplaintReportsBranch => "分支机构", "Branch";
    ComplaintReportsReceived => "收到", "Received";
    ComplaintReportsAcknowledged => "已确认", "Acknowledged";
    ComplaintReportsAckMedian => "确认用时中位数", "Median time to acknowledge";
    ComplaintReportsAckP90 => "确认用时 P90", "P90 time to acknowledge";
    ComplaintReportsResolved => "已解决", "Resolved";
    ComplaintReportsResolveMedian => "解决用时中位数", "Median time to resolve";
    ComplaintReportsResolveP90 => "解决用时 P90", "P90 time to resolve";
    ComplaintReportsWithFinding => "有认定结论", "With a finding";
    ComplaintReportsUpheld => "成立", "Upheld";
    ComplaintReportsUpheldOrPartly => "成立或部分成立", "Upheld or partly upheld";
    ComplaintReportsCompensation => "已付赔偿", "Compensation paid";
    ComplaintReportsHoursUnit => "小时", "hours";
    ComplaintReportsMins => "{n} 分钟", "{n} min";
    ComplaintReportsHours => "{n} 小时", "{n} h";
    ComplaintReportsDays => "{n} 天", "{n} d";
    ComplaintReportsErrRange => "结束月份不能早于开始月份,一份报表最多 36 个月。", "The last month cannot be before the first, and a report covers at most 36 months.";
    ComplaintSettingsTitle => "投诉设置", "Complaint settings";
    ComplaintSettingsLead => "投诉处理时限和按 VIP 等级的自动赔偿。每次更改都记入审计日志。", "The deadlines of the complaint process and automatic compensation by VIP level. Every change is recorded in the audit log.";
    ComplaintSettingsDeadlines => "处理时限", "Deadlines";
    ComplaintSettingsDeadlinesHint => "更改只适用于此后收到的投诉;已收到的投诉保留收到时的时限(再次提出方案的时限在升级时确定)。", "Changes apply to complaints received afterwards; complaints already received keep their deadlines (a second proposal's deadline is set when the complaint is escalated).";
    ComplaintSettingsAcknowledgeHours => "确认时限(小时)", "Acknowledge within (hours)";
    ComplaintSettingsAcknowledgeHint => "收到投诉后多少小时内确认,1–168 的整数。", "Hours after receipt, a whole number from 1 to 168.";
    ComplaintSettingsProposeDays => "提出处理方案时限(天)", "Propose a resolution within (days of receipt)";
    ComplaintSettingsSecondDays => "升级后再次提出方案时限(天)", "Second proposal within (days of escalation)";
    ComplaintSettingsDaysHint => "1–90 的整数天数。", "A whole number of days from 1 to 90.";
    ComplaintSettingsSaveDeadlines => "保存时限", "Save deadlines";
    ComplaintSettingsLastChanged => "最近修改", "Last changed";
    ComplaintSettingsAsShipped => "出厂设置,尚未修改。", "As shipped; never changed.";
    ComplaintSettingsCompensation => "自动赔偿(按 VIP 等级)", "Automatic compensation by VIP level";
    ComplaintSettingsCompensationHint => "服务请求超出首次响应或解决时限时,自动向客户发放抵用金,每位客户每个自然月不超过上限。没有政策的等级不自动赔偿。", "When a service request misses its first-response or resolution target, the customer receives a credit automatically, at most the monthly cap per customer and calendar month. Levels without a policy get no automatic compensation.";
    ComplaintSettingsFirstResponse => "首次响应超时赔偿(元)", "Missed first response (yuan)";
    ComplaintSettingsResolution => "解决超时赔偿(元)", "Missed resolution (yuan)";
    ComplaintSettingsMonthlyCap => "每月上限(元)", "Monthly cap (yuan)";
    ComplaintSettingsAmountHint => "元,如 50 或 12.50;留空表示该项不赔偿。", "Yuan, e.g. 50 or 12.50; empty for none.";
    ComplaintSettingsNoPolicy => "无自动赔偿", "No automatic compensation";
    ComplaintSettingsInactiveLevel => "已停用", "Inactive";
    ComplaintSettingsSavePolicy => "保存政策", "Save policy";
    ComplaintSettingsRemovePolicy => "删除政策", "Remove policy";
    ComplaintSettingsSaved => "已保存。", "Saved.";
    ComplaintSettingsErrAcknowledge => "请输入 1–168 之间的整数小时数。", "Enter a whole number of hours from 1 to 168.";
    ComplaintSettingsErrDays => "请输入 1–90 之间的整数天数。", "Enter a whole number of days from 1 to 90.";
    ComplaintSettingsErrAcknowledgeAfterProposal => "确认时限必须早于提出处理方案的时限。", "The acknowledgement must be due before the proposal is.";
    ComplaintSettingsErrAmount => "请输入 0–10,000 元的金额,最多两位小数,如 50 或 12.50。", "Enter an amount from 0 to ¥10,000 with at most two decimals, e.g. 50 or 12.50.";
    ComplaintSettingsErrNothing => "请至少为一项输入赔偿金额;不需要自动赔偿时请删除政策。", "Enter an amount for at least one target; to compensate nothing, remove the policy.";
    ComplaintSettingsErrCap => "请输入 0–100,000 元的每月上限,最多两位小数。", "Enter a monthly cap from 0 to ¥100,000 with at most two decimals.";
    ComplaintSettingsErrCapBelowAmount => "每月上限不能低于单次赔偿金额。", "The monthly cap cannot be lower than a single compensation amount.";
    DeskAdminErrBranch => "请选择一个分支机构。", "Please choose a branch.";
    DeskAdminErrTime => "请输入有效时间(HH:MM,00:00–24:00)。", "Please enter a valid time (HH:MM, 00:00–24:00).";
    DeskAdminErrCloseBeforeOpen => "结束时间必须晚于开始时间。", "The closing time must be after the opening time.";
    DeskAdminErrWeekdays => "请至少选择一个工作日。", "Please choose at least one working weekday.";
    DeskAdminErrAlwaysOpen => "全天候日历没有营业时间和节假日。", "The 24×7 calendar has no opening hours or holidays.";
    DeskAdminErrDayKind => "请选择节假日或调休。", "Please choose holiday or adjusted working day.";
    DeskAdminErrNote => "备注最多 100 个字符。", "The note may have at most 100 characters.";
    DeskAdminErrDuration => "请输入大于 0 的小时数(最多两位小数)或 时:分,如 1:30。", "Please enter hours greater than 0 (at most two decimals) or h:mm, e.g. 1:30.";
    DeskAdminErrCalendar => "请选择一个日历。", "Please choose a calendar.";
    ForbiddenTitle => "无权访问", "Access denied";
    NotFoundTitle => "页面不存在", "Page not found";
    BackHome => "返回首页", "Back to the home page";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_1_3_2_default_language_is_simplified_chinese() {
        assert_eq!(Lang::default(), Lang::Zh);
        assert_eq!(Lang::default().tag(), "zh-CN");
    }

    #[test]
    fn every_message_has_two_different_non_empty_texts() {
        for m in Msg::ALL {
            let (zh, en) = (m.text(Lang::Zh), m.text(Lang::En));
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{m:?}");
            // Brand-like entries may coincide; everything else must really be translated.
            if !matches!(m, Msg::Clause) {
                assert!(zh != en || zh.is_ascii(), "{m:?} untranslated");
            }
        }
    }

    #[test]
    fn accept_language_picks_the_first_supported_tag() {
        assert_eq!(
            Lang::from_accept_language("fr-FR, en-US;q=0.8, zh;q=0.5"),
            Some(Lang::En)
        );
        assert_eq!(Lang::from_accept_language("zh-CN,zh;q=0.9"), Some(Lang::Zh));
        assert_eq!(Lang::from_accept_language("de"), None);
    }
}

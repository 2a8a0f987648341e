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

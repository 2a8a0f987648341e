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

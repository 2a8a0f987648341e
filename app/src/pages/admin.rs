//! The staff area: home and staff management (admins).

use crate::api::mfa::ResetMfa;
use crate::api::staff::{list_staff, CreateStaff, SetStaffActive, SetStaffRoles};
use crate::components::forms::{use_form_error, Field, FormAlert, Notice};
use crate::components::guard::Guard;
use crate::session::{t, use_session};
use leptos::prelude::*;
use vipcare::auth::StaffMember;
use vipcare::{Msg, Permission, Role};

pub fn role_msg(r: Role) -> Msg {
    match r {
        Role::Customer => Msg::RoleCustomer,
        Role::Agent => Msg::RoleAgent,
        Role::Reviewer => Msg::RoleReviewer,
        Role::Quality => Msg::RoleQuality,
        Role::Finance => Msg::RoleFinance,
        Role::Admin => Msg::RoleAdmin,
    }
}

#[component]
pub fn AdminPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::UseAdmin>
            <AdminHome />
        </Guard>
    }
}

#[component]
fn AdminHome() -> impl IntoView {
    let session = use_session();
    let user = session
        .user
        .clone()
        .unwrap_or_else(|| vipcare::SessionUser {
            id: 0,
            email: String::new(),
            name: String::new(),
            roles: vec![],
            second_factor: false,
        });
    let manage_staff = session.can(Permission::ManageStaff);
    let links: Vec<(&'static str, Msg, &'static str)> = [
        (
            Permission::HandleRequests,
            "/admin/queue",
            Msg::NavQueue,
            "nav-queue",
        ),
        (
            Permission::ViewCustomers,
            "/admin/customers",
            Msg::NavCustomers,
            "nav-customers",
        ),
        (
            Permission::ImportLedger,
            "/admin/ledger",
            Msg::NavLedger,
            "nav-ledger",
        ),
        (
            Permission::ManageProgramme,
            "/admin/levels",
            Msg::NavLevels,
            "nav-levels",
        ),
        (
            Permission::ManageProgramme,
            "/admin/desk",
            Msg::DeskAdminTitle,
            "nav-desk-admin",
        ),
        (
            Permission::ManageBilling,
            "/admin/billing",
            Msg::NavBilling,
            "nav-billing",
        ),
        (
            Permission::HandleComplaints,
            "/admin/complaints",
            Msg::CmpQueueTitle,
            "nav-complaints",
        ),
        (
            Permission::OpenBreachCases,
            "/admin/complaints/breaches",
            Msg::CmpNavBreaches,
            "nav-breaches",
        ),
        (
            Permission::ManageDisputes,
            "/admin/complaints/disputes",
            Msg::CmpNavDisputes,
            "nav-disputes",
        ),
        (
            Permission::HandleComplaints,
            "/admin/complaints/reports",
            Msg::CmpNavReports,
            "nav-complaint-reports",
        ),
        (
            Permission::ManageDisputes,
            "/admin/complaints/settings",
            Msg::CmpNavSettings,
            "nav-complaint-settings",
        ),
        (
            Permission::ManageRetention,
            "/admin/retention",
            Msg::NavRetention,
            "nav-retention",
        ),
        (
            Permission::ManageQuality,
            "/admin/quality",
            Msg::QNavDashboard,
            "nav-quality",
        ),
        (
            Permission::UseAdmin,
            "/admin/quality/me",
            Msg::QNavMine,
            "nav-my-quality",
        ),
        (
            Permission::RecordFeedback,
            "/admin/quality/feedback",
            Msg::QNavFeedback,
            "nav-feedback",
        ),
        (
            Permission::ManageBilling,
            "/admin/billing/fees",
            Msg::FeesAdminTitle,
            "nav-fees",
        ),
    ]
    .into_iter()
    .filter(|(p, ..)| session.can(*p))
    .map(|(_, href, m, test)| (href, m, test))
    .collect();
    view! {
        <crate::PageTitle msg=Msg::AdminTitle />
        <h1>{t(Msg::AdminTitle)}</h1>
        <section class="card">
            <p data-test="admin-signed-in">{t(Msg::AdminSignedInAs)} <strong>{user.name.clone()}</strong> " (" {user.email.clone()} ")"</p>
            <h2>{t(Msg::YourRoles)}</h2>
            <ul class="badges" data-test="my-roles">
                {user
                    .roles
                    .iter()
                    .map(|r| view! { <li class="badge" data-role=r.as_str()>{t(role_msg(*r))}</li> })
                    .collect_view()}
            </ul>
            <nav class="tiles" aria-label=t(Msg::AdminAreas) data-test="admin-areas">
                {links
                    .into_iter()
                    .map(|(href, m, test)| view! { <a class="tile" href=href data-test=test>{t(m)}</a> })
                    .collect_view()}
            </nav>
            <Show when=move || manage_staff>
                <p>
                    <a class="btn btn-primary" href="/admin/staff">{t(Msg::NavStaff)}</a>
                    " "
                    <a class="btn btn-quiet" href="/admin/audit">{t(Msg::NavAudit)}</a>
                </p>
            </Show>
        </section>
    }
}

#[component]
pub fn StaffPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageStaff>
            <StaffManagement />
        </Guard>
    }
}

#[component]
fn StaffManagement() -> impl IntoView {
    let create = ServerAction::<CreateStaff>::new();
    let set_roles = ServerAction::<SetStaffRoles>::new();
    let set_active = ServerAction::<SetStaffActive>::new();
    let reset = ServerAction::<ResetMfa>::new();
    let staff = Resource::new(
        move || {
            (
                create.version().get(),
                set_roles.version().get(),
                set_active.version().get(),
                reset.version().get(),
            )
        },
        |_| list_staff(),
    );
    let reset_error = use_form_error(move || reset.value().get());
    let reset_done = move || matches!(reset.value().get(), Some(Ok(_)));
    let create_error = use_form_error(move || create.value().get());
    let roles_error = use_form_error(move || set_roles.value().get());
    let active_error = use_form_error(move || set_active.value().get());
    let created = move || matches!(create.value().get(), Some(Ok(_)));
    let roles_saved = move || matches!(set_roles.value().get(), Some(Ok(_)));
    view! {
        <crate::PageTitle msg=Msg::StaffTitle />
        <h1>{t(Msg::StaffTitle)}</h1>
        <section class="card">
            <FormAlert error=roles_error />
            <FormAlert error=active_error />
            <Show when=roles_saved>
                <Notice msg=Msg::StaffRolesSaved />
            </Show>
            <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match staff.await {
                        Ok(list) => view! { <StaffTable list set_roles set_active /> }.into_any(),
                        Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <section class="card narrow-left" data-test="mfa-reset">
            <h2>{t(Msg::MfaResetTitle)}</h2>
            <p class="muted">{t(Msg::MfaResetHint)}</p>
            <Show when=reset_done>
                <Notice msg=Msg::MfaResetDone />
            </Show>
            <FormAlert error=reset_error />
            <ActionForm action=reset attr:class="form" attr:data-test="mfa-reset-form">
                <label for="f-reset-user">{t(Msg::StaffTitle)}</label>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = staff.await.unwrap_or_default();
                        view! {
                            <select id="f-reset-user" name="user" required=true>
                                {list
                                    .into_iter()
                                    .filter(|s| s.second_factor)
                                    .map(|s| view! { <option value=s.id>{format!("{} ({})", s.name, s.email)}</option> })
                                    .collect_view()}
                            </select>
                        }
                    })}
                </Transition>
                <Field label=Msg::MfaResetReason name="reason" id="f-reset-reason" required=true error=reset_error />
                <button type="submit" class="btn btn-danger">{t(Msg::MfaResetSubmit)}</button>
            </ActionForm>
        </section>
        <section class="card narrow-left">
            <h2>{t(Msg::StaffCreateTitle)}</h2>
            <Show when=created>
                <Notice msg=Msg::StaffCreated />
            </Show>
            <FormAlert error=create_error />
            <ActionForm action=create attr:class="form" attr:data-test="create-staff-form">
                <Field label=Msg::FullName name="name" required=true error=create_error />
                <Field label=Msg::Email name="email" kind="email" autocomplete="off" required=true error=create_error />
                <Field
                    label=Msg::StaffInitialPassword
                    name="password"
                    kind="password"
                    autocomplete="new-password"
                    hint=Msg::PasswordHint
                    required=true
                    error=create_error
                />
                <fieldset class="roles">
                    <legend>{t(Msg::Roles)}</legend>
                    <RoleCheckboxes prefix="new" checked=vec![] />
                    {move || {
                        create_error
                            .get()
                            .and_then(|(f, m)| (f.as_deref() == Some("roles")).then(|| view! { <p class="field-error">{t(m)}</p> }))
                    }}
                </fieldset>
                <button type="submit" class="btn btn-primary">{t(Msg::StaffCreateSubmit)}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn RoleCheckboxes(prefix: &'static str, checked: Vec<Role>) -> impl IntoView {
    Role::STAFF
        .into_iter()
        .map(|r| {
            let id = format!("{prefix}-role-{}", r.as_str());
            view! {
                <label class="check" for=id.clone()>
                    <input
                        type="checkbox"
                        id=id.clone()
                        name=format!("role_{}", r.as_str())
                        checked=checked.contains(&r)
                    />
                    {t(role_msg(r))}
                </label>
            }
        })
        .collect_view()
}

#[component]
fn StaffTable(
    list: Vec<StaffMember>,
    set_roles: ServerAction<SetStaffRoles>,
    set_active: ServerAction<SetStaffActive>,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table" data-test="staff-table">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::FullName)}</th>
                        <th scope="col">{t(Msg::Email)}</th>
                        <th scope="col">{t(Msg::Roles)}</th>
                        <th scope="col">{t(Msg::StaffStatus)}</th>
                        <th scope="col">{t(Msg::MfaColumn)}</th>
                        <th scope="col">{t(Msg::StaffActions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|s| {
                            let prefix: &'static str = Box::leak(format!("s{}", s.id).into_boxed_str());
                            view! {
                                <tr data-email=s.email.clone()>
                                    <td>{s.name.clone()}</td>
                                    <td>{s.email.clone()}</td>
                                    <td>
                                        <ActionForm action=set_roles attr:class="roles-form">
                                            <input type="hidden" name="id" value=s.id />
                                            <RoleCheckboxes prefix checked=s.roles.clone() />
                                            <button type="submit" class="btn btn-small">{t(Msg::Save)}</button>
                                        </ActionForm>
                                    </td>
                                    <td>
                                        {if s.active {
                                            view! { <span class="badge badge-ok">{t(Msg::StaffActive)}</span> }.into_any()
                                        } else {
                                            view! { <span class="badge badge-muted">{t(Msg::StaffInactive)}</span> }.into_any()
                                        }}
                                    </td>
                                    <td data-test="staff-mfa" data-on=s.second_factor.to_string()>
                                        {if s.second_factor {
                                            view! { <span class="badge badge-ok">{t(Msg::MfaStateOn)}</span> }.into_any()
                                        } else {
                                            // Not yet set up: the staff member is limited to doing so.
                                            view! { <span class="badge badge-gold">{t(Msg::MfaStateOff)}</span> }.into_any()
                                        }}
                                    </td>
                                    <td>
                                        <ActionForm action=set_active attr:class="inline-form">
                                            <input type="hidden" name="id" value=s.id />
                                            <input type="hidden" name="active" value=(!s.active).to_string() />
                                            <button type="submit" class="btn btn-small btn-quiet">
                                                {if s.active { t(Msg::StaffDeactivate) } else { t(Msg::StaffReactivate) }}
                                            </button>
                                        </ActionForm>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

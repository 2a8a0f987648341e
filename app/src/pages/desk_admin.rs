//! `/admin/desk`: the service desk's configuration for admins (clauses 3.1.1, 3.4.1, 3.4.2) —
//! branches and supervisors, where staff work and who is away, each VIP's dedicated agent,
//! the working calendars and the SLA terms. Every form is an `ActionForm` (works without
//! JavaScript: errors come back as `?error=…`); each has its own action so its errors stay with
//! it, and a save anywhere reloads the page's data.

use crate::api::desk_admin::{
    get_desk_admin, AssignAgent, CreateBranch, PlaceStaff, PutCalendarDay, RemoveCalendarDay,
    SetBranchSupervisor, SetCalendarHours, SetSlaPolicy,
};
use crate::components::forms::{
    reload_on_ok, use_action_error, use_form_error, Field, FormAlert, FormError, Notice,
};
use crate::components::guard::Guard;
use crate::error::AppError;
use crate::pages::admin::role_msg;
use crate::pages::ClauseRef;
use crate::session::{t, use_lang};
use leptos::prelude::*;
use vipcare::desk_admin::{
    fmt_hhmm, fmt_hours, BranchView, CalendarView, DeskAdminOverview, PolicyView, StaffPlacement,
    VipAgentRow, WEEKDAY_KEYS,
};
use vipcare::{Msg, Permission};

/// People offered in a `<select>`: (user id, "name · e-mail").
type People = Vec<(i64, String)>;

const WEEKDAY_MSGS: [Msg; 7] = [
    Msg::DeskAdminMon,
    Msg::DeskAdminTue,
    Msg::DeskAdminWed,
    Msg::DeskAdminThu,
    Msg::DeskAdminFri,
    Msg::DeskAdminSat,
    Msg::DeskAdminSun,
];

/// The error of a compact form (a table row): whatever it is about.
#[component]
fn RowError(error: Signal<FormError>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|(_, m)| view! { <p class="field-error" role="alert">{t(m)}</p> })
    }
}

/// The error of one named control that is not a [`Field`] (a select, a group of checkboxes).
fn control_error(error: Signal<FormError>, name: &'static str) -> impl IntoView {
    move || {
        error.get().and_then(|(f, m)| {
            (f.as_deref() == Some(name)).then(|| view! { <p class="field-error">{t(m)}</p> })
        })
    }
}

/// A `<select>` of people (or branches), with an empty choice when `empty` is given.
#[component]
fn Choice(
    name: &'static str,
    id: String,
    label: Msg,
    options: People,
    selected: Option<i64>,
    #[prop(optional)] empty: Option<Msg>,
    #[prop(optional)] with_label: bool,
) -> impl IntoView {
    view! {
        {with_label.then(|| view! { <label for=id.clone()>{t(label)}</label> })}
        <select id=id.clone() name=name aria-label=(!with_label).then(|| t(label))>
            {empty.map(|m| view! { <option value="" selected=selected.is_none()>{t(m)}</option> })}
            {options
                .into_iter()
                .map(|(v, text)| view! { <option value=v selected=selected == Some(v)>{text}</option> })
                .collect_view()}
        </select>
    }
}

fn person_label(s: &StaffPlacement) -> String {
    format!("{} · {}", s.name, s.email)
}

#[component]
pub fn DeskAdminPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageProgramme>
            <DeskAdmin />
        </Guard>
    }
}

#[component]
fn DeskAdmin() -> impl IntoView {
    let saves = RwSignal::new(0usize);
    let data = Resource::new(move || saves.get(), |_| get_desk_admin());
    // After a plain form post (no JavaScript) the error comes back in the query string.
    let posted_error = use_form_error(|| None::<Result<(), AppError>>);
    let saved = move || saves.get() > 0;
    view! {
        <crate::PageTitle msg=Msg::DeskAdminTitle />
        <h1>{t(Msg::DeskAdminTitle)} " " <ClauseRef id="3.4.2" /></h1>
        <p class="muted">{t(Msg::DeskAdminLead)}</p>
        {move || posted_error.get().map(|(_, m)| view! {
            <div class="notice notice-error" role="alert" data-test="form-error">{t(m)}</div>
        })}
        <Show when=saved>
            <Notice msg=Msg::DeskAdminSaved />
        </Show>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(o) => view! { <Sections o saves /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Sections(o: DeskAdminOverview, saves: RwSignal<usize>) -> impl IntoView {
    let active: Vec<&StaffPlacement> = o.staff.iter().filter(|s| s.active).collect();
    let people: People = active
        .iter()
        .map(|s| (s.user_id, person_label(s)))
        .collect();
    let agents: People = active
        .iter()
        .filter(|s| s.handles_requests())
        .map(|s| (s.user_id, person_label(s)))
        .collect();
    let lang = use_lang();
    let branch_opts: People = o
        .branches
        .iter()
        .map(|b| (b.id, format!("{} · {}", b.code, b.name(lang))))
        .collect();
    let calendar_opts: People = o.calendars.iter().map(|c| (c.id, c.name.clone())).collect();
    view! {
        <Branches branches=o.branches people saves />
        <Staff staff=o.staff branches=branch_opts saves />
        <Agents vips=o.vips agents saves />
        <section class="card">
            <h2>{t(Msg::DeskAdminCalendars)} " " <ClauseRef id="3.4.1" /></h2>
            <p class="muted">{t(Msg::DeskAdminCalendarsHint)}</p>
        </section>
        {o.calendars.into_iter().map(|c| view! { <Calendar c saves /> }).collect_view()}
        <Policies policies=o.policies calendars=calendar_opts saves />
    }
}

// ---------------------------------------------------------------- branches (3.4.2)

#[component]
fn Branches(branches: Vec<BranchView>, people: People, saves: RwSignal<usize>) -> impl IntoView {
    let lang = use_lang();
    let rows = branches
        .into_iter()
        .map(|b| {
            let people = people.clone();
            view! {
                <tr data-branch=b.code.clone()>
                    <td><code>{b.code.clone()}</code></td>
                    <td>{b.name(lang).to_string()} " " <span class="muted small">{b.name(lang.other()).to_string()}</span></td>
                    <td>{b.headquarters.then(|| view! { <span class="badge badge-gold">{t(Msg::DeskAdminHeadquarters)}</span> })}</td>
                    <td><SupervisorForm branch=b.id current=b.supervisor_id people saves /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-test="branches">
            <h2>{t(Msg::DeskAdminBranches)}</h2>
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{t(Msg::DeskAdminBranchCode)}</th>
                            <th scope="col">{t(Msg::DeskAdminBranchName)}</th>
                            <th scope="col">{t(Msg::DeskAdminHeadquarters)}</th>
                            <th scope="col">{t(Msg::DeskAdminSupervisor)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <details>
                <summary>{t(Msg::DeskAdminNewBranch)}</summary>
                <NewBranchForm people saves />
            </details>
        </section>
    }
}

#[component]
fn SupervisorForm(
    branch: i64,
    current: Option<i64>,
    people: People,
    saves: RwSignal<usize>,
) -> impl IntoView {
    let save = ServerAction::<SetBranchSupervisor>::new();
    reload_on_ok(move || save.value().get(), saves);
    let err = use_action_error(move || save.value().get());
    view! {
        <ActionForm action=save attr:class="actions" attr:data-test="branch-supervisor">
            <input type="hidden" name="branch" value=branch />
            <Choice name="supervisor" id=format!("sup-{branch}") label=Msg::DeskAdminSupervisor options=people selected=current empty=Msg::DeskAdminNoSupervisor />
            <button type="submit" class="btn btn-small">{t(Msg::DeskAdminChangeSupervisor)}</button>
            <RowError error=err />
        </ActionForm>
    }
}

#[component]
fn NewBranchForm(people: People, saves: RwSignal<usize>) -> impl IntoView {
    let create = ServerAction::<CreateBranch>::new();
    reload_on_ok(move || create.value().get(), saves);
    let err = use_action_error(move || create.value().get());
    view! {
        <ActionForm action=create attr:class="form form-grid" attr:data-test="branch-create">
            <FormAlert error=err />
            <Field label=Msg::DeskAdminBranchCode name="code" id="b-code" required=true hint=Msg::DeskAdminBranchCodeHint error=err />
            <Field label=Msg::DeskAdminNameZh name="name_zh" id="b-name_zh" required=true error=err />
            <Field label=Msg::DeskAdminNameEn name="name_en" id="b-name_en" required=true error=err />
            <div class="field">
                <Choice name="supervisor" id="b-supervisor".to_string() label=Msg::DeskAdminSupervisor options=people selected=None empty=Msg::DeskAdminNoSupervisor with_label=true />
                {control_error(err, "supervisor")}
            </div>
            <div class="field">
                <label class="check" for="b-headquarters">
                    <input type="checkbox" id="b-headquarters" name="headquarters" />
                    {t(Msg::DeskAdminHeadquarters)}
                </label>
                {control_error(err, "headquarters")}
            </div>
            <div><button type="submit" class="btn btn-primary">{t(Msg::DeskAdminCreateBranch)}</button></div>
        </ActionForm>
    }
}

// ---------------------------------------------------------------- staff (3.4.2)

#[component]
fn Staff(staff: Vec<StaffPlacement>, branches: People, saves: RwSignal<usize>) -> impl IntoView {
    let rows = staff
        .into_iter()
        .map(|s| {
            let branches = branches.clone();
            let roles = s
                .roles
                .iter()
                .map(|r| t(role_msg(*r)))
                .collect::<Vec<_>>()
                .join(" · ");
            let (email, away) = (s.email.clone(), s.away);
            view! {
                <tr data-email=email data-away=away.to_string()>
                    <td>{s.name.clone()} <br /> <span class="muted small">{s.email.clone()}</span></td>
                    <td>{roles}</td>
                    <td>
                        {if !s.active {
                            view! { <span class="badge badge-muted">{t(Msg::DeskAdminInactive)}</span> }.into_any()
                        } else if s.away {
                            view! { <span class="badge badge-error" data-test="away">{t(Msg::DeskAdminAway)}</span> }.into_any()
                        } else {
                            view! { <span class="badge badge-ok" data-test="present">{t(Msg::DeskAdminPresent)}</span> }.into_any()
                        }}
                    </td>
                    <td><PlaceForm s branches saves /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-test="staff-placements">
            <h2>{t(Msg::DeskAdminStaff)}</h2>
            <p class="muted">{t(Msg::DeskAdminStaffHint)}</p>
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{t(Msg::FullName)}</th>
                            <th scope="col">{t(Msg::Roles)}</th>
                            <th scope="col">{t(Msg::StaffStatus)}</th>
                            <th scope="col">{t(Msg::DeskAdminBranch)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn PlaceForm(s: StaffPlacement, branches: People, saves: RwSignal<usize>) -> impl IntoView {
    let place = ServerAction::<PlaceStaff>::new();
    reload_on_ok(move || place.value().get(), saves);
    let err = use_action_error(move || place.value().get());
    let uid = s.user_id;
    let away_id = format!("away-{uid}");
    view! {
        <ActionForm action=place attr:class="actions" attr:data-test="staff-place">
            <input type="hidden" name="user" value=uid />
            <Choice name="branch" id=format!("branch-{uid}") label=Msg::DeskAdminBranch options=branches selected=s.branch_id empty=Msg::DeskAdminNoBranch />
            <label class="check" for=away_id.clone()>
                <input type="checkbox" id=away_id.clone() name="away" checked=s.away />
                {t(Msg::DeskAdminAway)}
            </label>
            <button type="submit" class="btn btn-small">{t(Msg::Save)}</button>
            <RowError error=err />
        </ActionForm>
    }
}

// ---------------------------------------------------------------- dedicated agents (3.1.1)

#[component]
fn Agents(vips: Vec<VipAgentRow>, agents: People, saves: RwSignal<usize>) -> impl IntoView {
    let lang = use_lang();
    if vips.is_empty() {
        return view! {
            <section class="card" data-test="dedicated-agents">
                <h2>{t(Msg::DeskAdminAgents)} " " <ClauseRef id="3.1.1" /></h2>
                <p class="muted">{t(Msg::DeskAdminNoVips)}</p>
            </section>
        }
        .into_any();
    }
    let rows = vips
        .into_iter()
        .map(|v| {
            let agents = agents.clone();
            view! {
                <tr data-email=v.email.clone()>
                    <td>{v.name.clone()} <br /> <span class="muted small">{v.email.clone()}</span></td>
                    <td>{lang.pick(&v.level_name_zh, &v.level_name_en).to_string()}</td>
                    <td data-test="agent-name">{v.agent_name.clone().unwrap_or_else(|| t(Msg::DeskAdminNoAgent).to_string())}</td>
                    <td><AgentForm customer=v.customer_id current=v.agent_id agents saves /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-test="dedicated-agents">
            <h2>{t(Msg::DeskAdminAgents)} " " <ClauseRef id="3.1.1" /></h2>
            <p class="muted">{t(Msg::DeskAdminAgentsHint)}</p>
            <div class="table-wrap">
                <table class="table">
                    <thead>
                        <tr>
                            <th scope="col">{t(Msg::DeskAdminCustomer)}</th>
                            <th scope="col">{t(Msg::DeskAdminLevel)}</th>
                            <th scope="col">{t(Msg::DeskAdminAgent)}</th>
                            <th scope="col">{t(Msg::DeskAdminAssign)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn AgentForm(
    customer: i64,
    current: Option<i64>,
    agents: People,
    saves: RwSignal<usize>,
) -> impl IntoView {
    let assign = ServerAction::<AssignAgent>::new();
    reload_on_ok(move || assign.value().get(), saves);
    let err = use_action_error(move || assign.value().get());
    view! {
        <ActionForm action=assign attr:class="actions" attr:data-test="agent-assign">
            <input type="hidden" name="customer" value=customer />
            <Choice name="agent" id=format!("agent-{customer}") label=Msg::DeskAdminAgent options=agents selected=current empty=Msg::DeskAdminNoAgent />
            <button type="submit" class="btn btn-small">{t(Msg::DeskAdminAssign)}</button>
            <RowError error=err />
        </ActionForm>
    }
}

// ---------------------------------------------------------------- calendars (3.4.1)

#[component]
fn Calendar(c: CalendarView, saves: RwSignal<usize>) -> impl IntoView {
    let id = c.id;
    let body = if c.always_open {
        view! { <p class="muted">{t(Msg::DeskAdminAlwaysOpen)}</p> }.into_any()
    } else {
        view! {
            <HoursForm c=c.clone() saves />
            <h3>{t(Msg::DeskAdminSpecialDays)}</h3>
            <SpecialDays c=c.clone() saves />
            <DayAddForm calendar=id saves />
        }
        .into_any()
    };
    view! {
        <section class="card" data-test="calendar" data-calendar=id>
            <h2>{c.name.clone()}</h2>
            {body}
        </section>
    }
}

#[component]
fn HoursForm(c: CalendarView, saves: RwSignal<usize>) -> impl IntoView {
    let save = ServerAction::<SetCalendarHours>::new();
    reload_on_ok(move || save.value().get(), saves);
    let err = use_action_error(move || save.value().get());
    let id = c.id;
    view! {
        <ActionForm action=save attr:class="form form-grid" attr:data-test="calendar-hours">
            <FormAlert error=err />
            <input type="hidden" name="calendar" value=id />
            <Field label=Msg::DeskAdminOpens name="open" id=format!("c{id}-open") required=true hint=Msg::DeskAdminTimeHint error=err value=fmt_hhmm(c.open_min) />
            <Field label=Msg::DeskAdminCloses name="close" id=format!("c{id}-close") required=true error=err value=fmt_hhmm(c.close_min) />
            <fieldset class="field">
                <legend>{t(Msg::DeskAdminWeekdays)}</legend>
                {WEEKDAY_KEYS
                    .into_iter()
                    .zip(WEEKDAY_MSGS)
                    .zip(c.weekdays)
                    .map(|((key, m), on)| {
                        let box_id = format!("c{id}-{key}");
                        view! {
                            <label class="check" for=box_id.clone()>
                                <input type="checkbox" id=box_id.clone() name=format!("week[{key}]") checked=on />
                                {t(m)}
                            </label>
                            " "
                        }
                    })
                    .collect_view()}
                {control_error(err, "weekdays")}
            </fieldset>
            <div><button type="submit" class="btn btn-primary">{t(Msg::DeskAdminSaveHours)}</button></div>
        </ActionForm>
    }
}

#[component]
fn SpecialDays(c: CalendarView, saves: RwSignal<usize>) -> impl IntoView {
    if c.days.is_empty() {
        return view! { <p class="muted">{t(Msg::DeskAdminNoDays)}</p> }.into_any();
    }
    let id = c.id;
    view! {
        <div class="table-wrap">
            <table class="table table-compact" data-test="calendar-days">
                <thead>
                    <tr>
                        <th scope="col">{t(Msg::DeskAdminDay)}</th>
                        <th scope="col">{t(Msg::DeskAdminDayKind)}</th>
                        <th scope="col">{t(Msg::DeskAdminNote)}</th>
                        <th scope="col"><span class="sr-only">{t(Msg::DeskAdminRemoveDay)}</span></th>
                    </tr>
                </thead>
                <tbody>
                    {c.days.into_iter().map(|d| {
                        let day = d.day.to_string();
                        view! {
                            <tr data-day=day.clone() data-kind=if d.holiday { "holiday" } else { "workday" }>
                                <td>{day.clone()}</td>
                                <td>{t(if d.holiday { Msg::DeskAdminHoliday } else { Msg::DeskAdminWorkday })}</td>
                                <td>{d.note.clone()}</td>
                                <td><DayRemoveForm calendar=id day=day.clone() saves /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn DayRemoveForm(calendar: i64, day: String, saves: RwSignal<usize>) -> impl IntoView {
    let remove = ServerAction::<RemoveCalendarDay>::new();
    reload_on_ok(move || remove.value().get(), saves);
    let err = use_action_error(move || remove.value().get());
    let label = format!("{} {day}", t(Msg::DeskAdminRemoveDay));
    view! {
        <ActionForm action=remove attr:class="inline-form" attr:data-test="calendar-day-remove">
            <input type="hidden" name="calendar" value=calendar />
            <input type="hidden" name="day" value=day />
            <button type="submit" class="btn btn-small btn-quiet" aria-label=label>{t(Msg::DeskAdminRemoveDay)}</button>
            <RowError error=err />
        </ActionForm>
    }
}

#[component]
fn DayAddForm(calendar: i64, saves: RwSignal<usize>) -> impl IntoView {
    let add = ServerAction::<PutCalendarDay>::new();
    reload_on_ok(move || add.value().get(), saves);
    let err = use_action_error(move || add.value().get());
    let kind_id = format!("c{calendar}-kind");
    view! {
        <ActionForm action=add attr:class="form form-grid" attr:data-test="calendar-day-add">
            <FormAlert error=err />
            <input type="hidden" name="calendar" value=calendar />
            <Field label=Msg::DeskAdminDay name="day" id=format!("c{calendar}-day") kind="date" required=true error=err />
            <div class="field">
                <label for=kind_id.clone()>{t(Msg::DeskAdminDayKind)}</label>
                <select id=kind_id.clone() name="kind">
                    <option value="holiday">{t(Msg::DeskAdminHoliday)}</option>
                    <option value="workday">{t(Msg::DeskAdminWorkday)}</option>
                </select>
                {control_error(err, "kind")}
            </div>
            <Field label=Msg::DeskAdminNote name="note" id=format!("c{calendar}-note") error=err />
            <div><button type="submit" class="btn btn-primary">{t(Msg::DeskAdminAddDay)}</button></div>
        </ActionForm>
    }
}

// ---------------------------------------------------------------- SLA terms (3.4.1)

#[component]
fn Policies(policies: Vec<PolicyView>, calendars: People, saves: RwSignal<usize>) -> impl IntoView {
    view! {
        <section class="card" data-test="sla-policies">
            <h2>{t(Msg::DeskAdminPolicies)} " " <ClauseRef id="3.4.1" /></h2>
            <p class="notice notice-info">{t(Msg::DeskAdminPoliciesHint)}</p>
            {policies
                .into_iter()
                .map(|p| view! { <PolicyForm p calendars=calendars.clone() saves /> })
                .collect_view()}
        </section>
    }
}

#[component]
fn PolicyForm(p: PolicyView, calendars: People, saves: RwSignal<usize>) -> impl IntoView {
    let save = ServerAction::<SetSlaPolicy>::new();
    reload_on_ok(move || save.value().get(), saves);
    let err = use_action_error(move || save.value().get());
    let lang = use_lang();
    let title = match (&p.level_name_zh, &p.level_name_en) {
        (Some(zh), Some(en)) => lang.pick(zh, en).to_string(),
        _ => t(Msg::DeskAdminNonVip).to_string(),
    };
    let key = p
        .level_id
        .map_or_else(|| "non-vip".to_string(), |l| format!("l{l}"));
    let (first_id, resolution_id, calendar_id) = (
        format!("{key}-first"),
        format!("{key}-resolution"),
        format!("{key}-calendar"),
    );
    view! {
        <div data-test="sla-policy" data-level=key>
        <h3>{title}</h3>
        <ActionForm action=save attr:class="form form-grid">
            <FormAlert error=err />
            <input type="hidden" name="level" value=p.level_id.map(|l| l.to_string()).unwrap_or_default() />
            <Field label=Msg::DeskAdminFirstResponse name="first_response" id=first_id required=true hint=Msg::DeskAdminHoursHint error=err value=fmt_hours(p.first_response_mins) />
            <Field label=Msg::DeskAdminResolution name="resolution" id=resolution_id required=true error=err value=fmt_hours(p.resolution_mins) />
            <div class="field">
                <Choice name="calendar" id=calendar_id label=Msg::DeskAdminCalendar options=calendars selected=Some(p.calendar_id) with_label=true />
                {control_error(err, "calendar")}
            </div>
            <div><button type="submit" class="btn btn-primary">{t(Msg::Save)}</button></div>
        </ActionForm>
        </div>
    }
}

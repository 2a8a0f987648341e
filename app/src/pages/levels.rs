//! VIP levels for admins (clause 2.1.1): names in both languages, rank, spend and points
//! thresholds, discount and entry fee. Every change is audited with before and after.

use crate::api::programme::{admin_levels, SaveLevel};
use crate::components::forms::{use_form_error, Field, FormAlert, Notice};
use crate::components::guard::Guard;
use crate::pages::ClauseRef;
use crate::session::t;
use leptos::prelude::*;
use vipcare::levels::VipLevel;
use vipcare::money::group_thousands;
use vipcare::{Msg, Permission};

#[component]
pub fn LevelsPage() -> impl IntoView {
    view! {
        <Guard permission=Permission::ManageProgramme>
            <LevelsAdmin />
        </Guard>
    }
}

#[component]
fn LevelsAdmin() -> impl IntoView {
    // Each form has its own action (so its errors stay with it); a save anywhere reloads the list.
    let saves = RwSignal::new(0usize);
    let levels = Resource::new(move || saves.get(), |_| admin_levels());
    let saved = move || saves.get() > 0;
    view! {
        <crate::PageTitle msg=Msg::LevelsAdminTitle />
        <h1>{t(Msg::LevelsAdminTitle)} <ClauseRef id="2.1.1" /></h1>
        <p class="muted">{t(Msg::LevelsAdminLead)}</p>
        <Show when=saved>
            <Notice msg=Msg::LevelSaved />
        </Show>
        <Transition fallback=|| view! { <p class="muted">{t(Msg::Loading)}</p> }>
            {move || Suspend::new(async move {
                match levels.await {
                    Err(e) => view! { <p class="notice notice-error">{t(e.msg())}</p> }.into_any(),
                    Ok(list) => view! {
                        <section class="card">
                            <div class="table-wrap">
                                <table class="table" data-test="levels-admin-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t(Msg::LevelRank)}</th>
                                            <th scope="col">{t(Msg::LevelName)}</th>
                                            <th scope="col" class="num">{t(Msg::LevelSpendThreshold)}</th>
                                            <th scope="col" class="num">{t(Msg::LevelPointsThreshold)}</th>
                                            <th scope="col" class="num">{t(Msg::LevelDiscount)}</th>
                                            <th scope="col" class="num">{t(Msg::LevelEntryFee)}</th>
                                            <th scope="col">{t(Msg::StaffStatus)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list.iter().map(|(l, active)| view! {
                                            <tr data-level=l.code.clone()>
                                                <td class="num">{l.rank}</td>
                                                <td>{l.name_zh.clone()} " / " {l.name_en.clone()} " " <code>{l.code.clone()}</code></td>
                                                <td class="num">{l.spend_threshold.display_cny()}</td>
                                                <td class="num">{group_thousands(l.points_threshold)}</td>
                                                <td class="num">{l.discount_percent()}</td>
                                                <td class="num">{l.entry_fee.display_cny()}</td>
                                                <td>{if *active {
                                                    view! { <span class="badge badge-ok">{t(Msg::StaffActive)}</span> }.into_any()
                                                } else {
                                                    view! { <span class="badge badge-muted">{t(Msg::StaffInactive)}</span> }.into_any()
                                                }}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        </section>
                        {list.into_iter().map(|(l, active)| {
                            let code = l.code.clone();
                            let title = format!("{} / {}", l.name_zh, l.name_en);
                            view! {
                                <details class="card" data-test="level-edit" data-level=code>
                                    <summary>{t(Msg::LevelEdit)} " " {title}</summary>
                                    <LevelForm saves level=Some(l) active />
                                </details>
                            }
                        }).collect_view()}
                    }.into_any(),
                }
            })}
        </Transition>
        <section class="card">
            <h2>{t(Msg::LevelNewTitle)}</h2>
            <LevelForm saves level=None active=true />
        </section>
    }
}

#[component]
fn LevelForm(saves: RwSignal<usize>, level: Option<VipLevel>, active: bool) -> impl IntoView {
    let save = ServerAction::<SaveLevel>::new();
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Ok(_))) {
            saves.update(|n| *n += 1);
        }
    });
    let my_error = use_form_error(move || save.value().get());
    let l = level.clone();
    let v = move |f: fn(&VipLevel) -> String| l.as_ref().map(f);
    let id = level.as_ref().map(|l| l.id).unwrap_or(0);
    let check_id = format!("level-active-{id}");
    view! {
        <ActionForm action=save attr:class="form form-grid" attr:data-test=format!("level-form-{id}")>
            <FormAlert error=my_error />
            <input type="hidden" name="id" value=id />
            <Field label=Msg::LevelCode name="code" id=format!("l{id}-code") required=true error=my_error value=v(|l| l.code.clone()).unwrap_or_default() hint=Msg::LevelCodeHint />
            <Field label=Msg::LevelRank name="rank" id=format!("l{id}-rank") kind="number" required=true error=my_error value=v(|l| l.rank.to_string()).unwrap_or_default() />
            <Field label=Msg::LevelNameZh name="name_zh" id=format!("l{id}-name_zh") required=true error=my_error value=v(|l| l.name_zh.clone()).unwrap_or_default() />
            <Field label=Msg::LevelNameEn name="name_en" id=format!("l{id}-name_en") required=true error=my_error value=v(|l| l.name_en.clone()).unwrap_or_default() />
            <Field label=Msg::LevelSpendYuan name="spend_yuan" id=format!("l{id}-spend_yuan") required=true error=my_error value=v(|l| l.spend_threshold.plain_yuan()).unwrap_or_default() />
            <Field label=Msg::LevelPointsThreshold name="points" id=format!("l{id}-points") kind="number" required=true error=my_error value=v(|l| l.points_threshold.to_string()).unwrap_or_default() />
            <Field label=Msg::LevelDiscountPercent name="discount_percent" id=format!("l{id}-discount_percent") error=my_error value=v(|l| l.discount_percent().trim_end_matches('%').to_string()).unwrap_or_else(|| "0".into()) />
            <Field label=Msg::LevelEntryFeeYuan name="entry_fee_yuan" id=format!("l{id}-entry_fee_yuan") error=my_error value=v(|l| l.entry_fee.plain_yuan()).unwrap_or_else(|| "0".into()) />
            <label class="check" for=check_id.clone()>
                <input type="checkbox" id=check_id.clone() name="active" checked=active />
                {t(Msg::LevelActive)}
            </label>
            <div>
                <button type="submit" class="btn btn-primary">{t(Msg::Save)}</button>
            </div>
        </ActionForm>
    }
}

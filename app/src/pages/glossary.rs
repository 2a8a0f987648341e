//! The glossary (clause 1.1) at `/glossary`: every defined term in the reader's language with
//! the other language beside it, its meaning, and a link to the clause that uses it.

use crate::pages::ClauseRef;
use crate::session::{t, use_lang};
use leptos::prelude::*;
use vipcare::glossary::TERMS;
use vipcare::Msg;

#[component]
pub fn GlossaryPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <crate::PageTitle msg=Msg::GlossTitle />
        <h1>{t(Msg::GlossTitle)} " " <ClauseRef id="1.1" /></h1>
        <p class="lead">{t(Msg::GlossIntro)}</p>
        <section class="card">
            <dl class="glossary" data-test="glossary">
                {TERMS
                    .iter()
                    .map(|term| {
                        let other = term.term.text(lang.other());
                        view! {
                            <div class="glossary-entry" id=format!("term-{}", term.key) data-term=term.key>
                                <dt>
                                    <dfn>{t(term.term)}</dfn>
                                    " "
                                    <span class="muted" lang=lang.other().tag()>{other}</span>
                                    " "
                                    <ClauseRef id=term.clause />
                                </dt>
                                <dd>{t(term.meaning)}</dd>
                            </div>
                        }
                    })
                    .collect_view()}
            </dl>
        </section>
    }
}

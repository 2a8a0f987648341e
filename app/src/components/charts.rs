//! Server-rendered SVG charts (5.3.2): a line chart, a bar chart (also a histogram) and
//! horizontal stacked bars. They render on the server as plain inline `<svg>` — readable without
//! JavaScript, printable, with a native tooltip (`<title>`) on every data point — and, once
//! hydrated, show the pointed-at point's details in a caption below the chart.
//!
//! Every chart has `role="img"`, an `aria-label` and a `<title>`; every data point is an element
//! with `data-test="point"`, `data-value` and a `<title>`. The geometry (scales, ticks, bands)
//! is pure and tested in [`vipcare::quality_reports`]; colours come from classes styled in
//! `style/main.css` (the CSP allows no inline styles).

use crate::session::{t, tf};
use leptos::prelude::*;
use vipcare::quality_reports::{
    bands, fit_label, line_path, nice_ticks, px, tick_text, whole_ticks, Scale,
};
use vipcare::Msg;

/// One data point: its label on the axis, its value (`None`: no value, a gap), the value as
/// people read it, and how many observations it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct Datum {
    pub label: String,
    pub value: Option<f64>,
    pub text: String,
    pub n: Option<i64>,
}

impl Datum {
    /// The point's details: `2026-10: 4.25 (n = 12)`.
    pub fn detail(&self) -> String {
        match self.n {
            Some(n) => tf(Msg::QdPoint, &[&self.label, &self.text, &n.to_string()]),
            None => format!("{}: {}", self.label, self.text),
        }
    }
}

/// A dashed horizontal line at `value` (a standard's minimum), with its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    pub value: f64,
    pub label: String,
}

/// One bar of [`StackedBars`]: its label and its parts in the legend's order.
#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    pub label: String,
    pub parts: Vec<Datum>,
    /// A part to emphasise (e.g. where time is lost).
    pub highlight: Option<usize>,
}

/// The font size of axis text, in SVG units (the charts scale with their box).
const FONT: f64 = 13.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 18.0;
const BOTTOM: f64 = 30.0;

/// The drawing area of a chart `w` × `h` (SVG units).
#[derive(Debug, Clone, Copy)]
struct Frame {
    w: f64,
    h: f64,
}

impl Frame {
    fn right(self) -> f64 {
        self.w - RIGHT
    }

    fn bottom(self) -> f64 {
        self.h - BOTTOM
    }

    fn view_box(self) -> String {
        format!("0 0 {} {}", px(self.w), px(self.h))
    }
}

/// The value axis: the domain widened to nice ticks covering `domain`, the data and the
/// reference; whole-number steps for counts.
fn value_axis(
    f: Frame,
    domain: (f64, f64),
    data: &[Datum],
    reference: Option<&Reference>,
    whole: bool,
) -> (Scale, Vec<f64>) {
    let values = data
        .iter()
        .filter_map(|d| d.value)
        .chain(reference.map(|r| r.value));
    let (lo, hi) = values.fold(domain, |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (lo, hi, ticks) = if whole {
        whole_ticks(lo, hi, 5)
    } else {
        nice_ticks(lo, hi, 5)
    };
    (Scale::new((lo, hi), (f.bottom(), TOP)), ticks)
}

/// Gridlines with tick labels along the value axis.
fn grid(f: Frame, scale: Scale, ticks: &[f64], unit: &'static str) -> impl IntoView {
    ticks
        .iter()
        .map(|v| {
            let y = px(scale.at(*v));
            view! {
                <line class="chart-grid" x1=px(LEFT) x2=px(f.right()) y1=y.clone() y2=y.clone() />
                <text class="chart-tick" x=px(LEFT - 6.0) y=px(scale.at(*v) + FONT / 3.0) text-anchor="end">
                    {format!("{}{unit}", tick_text(*v))}
                </text>
            }
        })
        .collect_view()
}

/// Category labels under the bands (every k-th when crowded), cut to their band.
fn x_labels(f: Frame, labels: &[String], centres: &[f64], band: f64) -> impl IntoView {
    let room = 7.0 * FONT * 0.58;
    let every = ((room / band.max(1.0)).ceil() as usize).max(1);
    let max_px = band * every as f64 - 4.0;
    labels
        .iter()
        .zip(centres)
        .enumerate()
        .filter(|(i, _)| i % every == 0)
        .map(|(_, (l, x))| {
            view! {
                <text class="chart-label" x=px(*x) y=px(f.bottom() + FONT + 4.0) text-anchor="middle">
                    {fit_label(l, max_px, FONT)}
                </text>
            }
        })
        .collect_view()
}

fn reference_line(f: Frame, scale: Scale, r: Option<Reference>) -> impl IntoView {
    r.map(|r| {
        let y = scale.at(r.value);
        view! {
            <g class="chart-reference" data-test="reference" data-value=r.value.to_string()>
                <line x1=px(LEFT) x2=px(f.right()) y1=px(y) y2=px(y) stroke-dasharray="6 4" />
                <text x=px(f.right() - 2.0) y=px(y - 5.0) text-anchor="end">{r.label.clone()}</text>
                <title>{r.label}</title>
            </g>
        }
    })
}

/// The caption that shows the pointed-at point once hydrated.
fn detail_caption(active: RwSignal<Option<usize>>, details: Vec<String>) -> impl IntoView {
    let hint = t(Msg::QdChartHint);
    view! {
        <figcaption class="chart-detail muted small" aria-live="polite" data-test="chart-detail">
            {move || active.get().and_then(|i| details.get(i).cloned()).unwrap_or_else(|| hint.to_string())}
        </figcaption>
    }
}

/// No values at all: a plain sentence, not an empty frame.
fn empty(test_id: &'static str) -> AnyView {
    view! {
        <p class="muted chart-empty" data-test=format!("{test_id}-empty")>{t(Msg::QdNoData)}</p>
    }
    .into_any()
}

/// A value for `data-value`: whole numbers without decimals.
fn value_attr(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v}")
    }
}

/// A line through the values, a point for each, an optional dashed reference line.
#[component]
pub fn LineChart(
    /// What the chart shows: its accessible name and `<title>`.
    label: String,
    data: Vec<Datum>,
    /// The value axis covers at least this.
    domain: (f64, f64),
    #[prop(optional)] reference: Option<Reference>,
    /// Appended to tick labels (`%`).
    #[prop(optional)]
    unit: &'static str,
    test_id: &'static str,
) -> impl IntoView {
    if data.iter().all(|d| d.value.is_none()) {
        return empty(test_id);
    }
    let f = Frame { w: 520.0, h: 250.0 };
    let (scale, ticks) = value_axis(f, domain, &data, reference.as_ref(), false);
    let (starts, band) = bands(data.len(), LEFT, f.right(), 0.0);
    let centres: Vec<f64> = starts.iter().map(|s| s + band / 2.0).collect();
    let coords: Vec<Option<(f64, f64)>> = data
        .iter()
        .zip(&centres)
        .map(|(d, x)| d.value.map(|v| (*x, scale.at(v))))
        .collect();
    let path = line_path(&coords);
    let labels: Vec<String> = data.iter().map(|d| d.label.clone()).collect();
    let active = RwSignal::new(None::<usize>);
    let details: Vec<String> = data.iter().map(Datum::detail).collect();
    let points = data
        .iter()
        .zip(&coords)
        .enumerate()
        .filter_map(|(i, (d, c))| {
            let (x, y) = (*c)?;
            let v = d.value?;
            let detail = d.detail();
            Some(view! {
                <circle
                    class=move || if active.get() == Some(i) { "chart-point active" } else { "chart-point" }
                    data-test="point"
                    data-label=d.label.clone()
                    data-value=value_attr(v)
                    cx=px(x)
                    cy=px(y)
                    r="5"
                    on:mouseenter=move |_| active.set(Some(i))
                    on:mouseleave=move |_| active.set(None)
                    on:click=move |_| active.set(Some(i))
                >
                    <title>{detail}</title>
                </circle>
            })
        })
        .collect_view();
    let aria = label.clone();
    view! {
        <figure class="chart" data-test=test_id>
            <svg class="chart-svg" viewBox=f.view_box() role="img" aria-label=aria preserveAspectRatio="xMidYMid meet">
                <title>{label}</title>
                <g class="chart-axis">{grid(f, scale, &ticks, unit)}</g>
                <line class="chart-baseline" x1=px(LEFT) x2=px(f.right()) y1=px(f.bottom()) y2=px(f.bottom()) />
                <g class="chart-axis">{x_labels(f, &labels, &centres, band)}</g>
                {reference_line(f, scale, reference)}
                <path class="chart-line" d=path fill="none" />
                <g>{points}</g>
            </svg>
            {detail_caption(active, details)}
        </figure>
    }
    .into_any()
}

/// Vertical bars from zero, one per datum (a histogram when the labels are buckets).
#[component]
pub fn BarChart(
    label: String,
    data: Vec<Datum>,
    #[prop(optional)] reference: Option<Reference>,
    #[prop(optional)] unit: &'static str,
    /// The colour of the bars (`chart-series-0` …).
    #[prop(optional)]
    series: usize,
    /// Counts: whole-number ticks.
    #[prop(optional)]
    whole: bool,
    /// Narrow (one of several side by side).
    #[prop(optional)]
    small: bool,
    test_id: &'static str,
) -> impl IntoView {
    if data.iter().all(|d| d.value.is_none()) {
        return empty(test_id);
    }
    let f = if small {
        Frame { w: 300.0, h: 220.0 }
    } else {
        Frame { w: 520.0, h: 250.0 }
    };
    let (scale, ticks) = value_axis(f, (0.0, 1.0), &data, reference.as_ref(), whole);
    let (starts, width) = bands(data.len(), LEFT, f.right(), 0.25);
    let band = width / 0.75;
    let centres: Vec<f64> = starts.iter().map(|s| s + width / 2.0).collect();
    let labels: Vec<String> = data.iter().map(|d| d.label.clone()).collect();
    let active = RwSignal::new(None::<usize>);
    let details: Vec<String> = data.iter().map(Datum::detail).collect();
    let zero = scale.at(0.0);
    let bars = data
        .iter()
        .zip(&starts)
        .enumerate()
        .filter_map(|(i, (d, x))| {
            let v = d.value?;
            let y = scale.at(v);
            let detail = d.detail();
            let base = format!("chart-bar chart-series-{series}");
            Some(view! {
                <rect
                    class=move || if active.get() == Some(i) { format!("{base} active") } else { base.clone() }
                    data-test="point"
                    data-label=d.label.clone()
                    data-value=value_attr(v)
                    x=px(*x)
                    y=px(y.min(zero))
                    width=px(width)
                    height=px((zero - y).abs().max(if v > 0.0 { 1.0 } else { 0.0 }))
                    rx="3"
                    on:mouseenter=move |_| active.set(Some(i))
                    on:mouseleave=move |_| active.set(None)
                    on:click=move |_| active.set(Some(i))
                >
                    <title>{detail}</title>
                </rect>
            })
        })
        .collect_view();
    let aria = label.clone();
    view! {
        <figure class="chart" data-test=test_id>
            <svg class="chart-svg" viewBox=f.view_box() role="img" aria-label=aria preserveAspectRatio="xMidYMid meet">
                <title>{label}</title>
                <g class="chart-axis">{grid(f, scale, &ticks, unit)}</g>
                <g>{bars}</g>
                <line class="chart-baseline" x1=px(LEFT) x2=px(f.right()) y1=px(zero) y2=px(zero) />
                <g class="chart-axis">{x_labels(f, &labels, &centres, band)}</g>
                {reference_line(f, scale, reference)}
            </svg>
            {detail_caption(active, details)}
        </figure>
    }
    .into_any()
}

const ROW: f64 = 30.0;

/// Horizontal bars, each split into its parts (coloured as in the legend); the value axis
/// from zero to the longest bar.
#[component]
pub fn StackedBars(
    label: String,
    rows: Vec<Stack>,
    /// The names of the parts, in order.
    legend: Vec<String>,
    #[prop(optional)] unit: &'static str,
    /// Counts: whole-number ticks.
    #[prop(optional)]
    whole: bool,
    /// Narrow (half a page wide).
    #[prop(optional)]
    narrow: bool,
    test_id: &'static str,
) -> impl IntoView {
    let (stack_w, stack_left) = if narrow {
        (440.0, 110.0)
    } else {
        (640.0, 150.0)
    };
    let total = |s: &Stack| s.parts.iter().filter_map(|p| p.value).sum::<f64>();
    if rows.iter().all(|r| total(r) <= 0.0) {
        return empty(test_id);
    }
    let max = rows.iter().map(total).fold(0.0, f64::max);
    let (lo, hi, ticks) = if whole {
        whole_ticks(0.0, max, 5)
    } else {
        nice_ticks(0.0, max, 5)
    };
    let axis_y = TOP + rows.len() as f64 * ROW;
    let height = axis_y + 58.0;
    let right = stack_w - RIGHT - 8.0;
    let scale = Scale::new((lo, hi), (stack_left, right));
    let active = RwSignal::new(None::<usize>);
    let parts = legend.len();
    // Indexed like the segments: row × legend entry.
    let details: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            (0..parts).map(move |j| {
                r.parts
                    .get(j)
                    .map(|p| format!("{} · {}", r.label, p.detail()))
                    .unwrap_or_default()
            })
        })
        .collect();
    let grid = ticks
        .iter()
        .map(|v| {
            let x = scale.at(*v);
            view! {
                <line class="chart-grid" x1=px(x) x2=px(x) y1=px(TOP) y2=px(axis_y) />
                <text class="chart-tick" x=px(x) y=px(axis_y + FONT + 4.0) text-anchor="middle">{format!("{}{unit}", tick_text(*v))}</text>
            }
        })
        .collect_view();
    let bars = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let y = TOP + r as f64 * ROW + 5.0;
            let mut at = 0.0;
            let segs = row
                .parts
                .iter()
                .enumerate()
                .filter_map(|(j, p)| {
                    let v = p.value.filter(|v| *v > 0.0)?;
                    let (x0, x1) = (scale.at(at), scale.at(at + v));
                    at += v;
                    let i = r * parts + j;
                    let emphasis = if row.highlight == Some(j) { " chart-highlight" } else { "" };
                    let base = format!("chart-bar chart-series-{j}{emphasis}");
                    let detail = format!("{} · {}", row.label, p.detail());
                    Some(view! {
                        <rect
                            class=move || if active.get() == Some(i) { format!("{base} active") } else { base.clone() }
                            data-test="point"
                            data-label=format!("{} · {}", row.label, p.label)
                            data-value=value_attr(v)
                            x=px(x0)
                            y=px(y)
                            width=px((x1 - x0).max(1.0))
                            height=px(ROW - 10.0)
                            on:mouseenter=move |_| active.set(Some(i))
                            on:mouseleave=move |_| active.set(None)
                            on:click=move |_| active.set(Some(i))
                        >
                            <title>{detail}</title>
                        </rect>
                    })
                })
                .collect_view();
            view! {
                <text class="chart-label" x=px(stack_left - 8.0) y=px(y + ROW / 2.0) text-anchor="end">
                    {fit_label(&row.label, stack_left - 12.0, FONT)}
                </text>
                {segs}
            }
        })
        .collect_view();
    let slot = (stack_w - 2.0 * RIGHT) / parts.max(1) as f64;
    let legend_view = legend
        .iter()
        .enumerate()
        .map(|(j, name)| {
            let x = RIGHT + j as f64 * slot;
            let y = axis_y + 44.0;
            view! {
                <rect class=format!("chart-series-{j}") x=px(x) y=px(y - 11.0) width="12" height="12" rx="2" />
                <text class="chart-legend" x=px(x + 18.0) y=px(y)>{fit_label(name, slot - 24.0, FONT)}</text>
            }
        })
        .collect_view();
    let aria = label.clone();
    let f = Frame {
        w: stack_w,
        h: height,
    };
    view! {
        <figure class="chart" data-test=test_id>
            <svg class="chart-svg" viewBox=f.view_box() role="img" aria-label=aria preserveAspectRatio="xMidYMid meet">
                <title>{label}</title>
                <g class="chart-axis">{grid}</g>
                <line class="chart-baseline" x1=px(stack_left) x2=px(stack_left) y1=px(TOP) y2=px(axis_y) />
                <g>{bars}</g>
                <g>{legend_view}</g>
            </svg>
            {detail_caption(active, details)}
        </figure>
    }
    .into_any()
}

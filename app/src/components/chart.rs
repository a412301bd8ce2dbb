//! A [`Chart`] as horizontal bars in SVG (rendered on the server, named for screen readers), with its data as
//! a table beside it and, when given, a link to the same data as CSV.

use leptos::prelude::*;

use crate::chart::Chart;

/// Drawing units: the bars' full width, one bar's height and the gap under it.
const WIDTH: f64 = 400.0;
const BAR: usize = 12;
const GAP: usize = 4;
/// The label line above each row's bars.
const LABEL: usize = 20;
/// Space after each row.
const AFTER: usize = 10;

#[component]
pub fn ChartView(chart: Chart, #[prop(optional, into)] csv: Option<String>) -> AnyView {
    let drawn = chart.drawn.min(chart.series.len());
    let row_height = LABEL + drawn * (BAR + GAP) + AFTER;
    let height = (chart.rows.len() * row_height).max(1);
    let scale = chart.scale();
    let description = chart.description();
    let legend = (drawn > 1).then(|| {
        view! {
            <ul class="chart__legend" aria-hidden="true">
                {chart.series.iter().take(drawn).enumerate().map(|(i, name)| view! {
                    <li><span class=format!("chart__swatch chart__swatch--{i}")></span>{name.clone()}</li>
                }).collect_view()}
            </ul>
        }
    });
    let bars = chart
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let top = r * row_height;
            let label = match (drawn, row.values.first()) {
                (1, Some(value)) => format!("{} \u{2014} {}", row.label, chart.format(0, *value)),
                _ => row.label.clone(),
            };
            let series_bars = row
                .values
                .iter()
                .take(drawn)
                .enumerate()
                .map(|(i, value)| {
                    let y = (top + LABEL + i * (BAR + GAP)).to_string();
                    let width = value.map_or(0.0, |v| (v / scale * WIDTH).max(if v > 0.0 { 2.0 } else { 0.0 }));
                    view! {
                        <rect class="chart__track" x="0" y=y.clone() width=WIDTH.to_string() height=BAR.to_string() rx="3" />
                        <rect class=format!("chart__bar chart__bar--{i}") x="0" y=y width=format!("{width:.1}") height=BAR.to_string() rx="3" />
                    }
                })
                .collect_view();
            view! {
                <text class="chart__label" x="0" y=(top + 15).to_string()>{label}</text>
                {series_bars}
            }
        })
        .collect_view();
    let table = view! {
        <table class="table chart__table">
            <thead>
                <tr>
                    <th scope="col">{chart.label_header.clone()}</th>
                    {chart.series.iter().map(|s| view! { <th scope="col">{s.clone()}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>
                {chart.rows.iter().map(|row| view! {
                    <tr>
                        <th scope="row">{row.label.clone()}</th>
                        {row.values.iter().enumerate().map(|(i, v)| {
                            let shown = chart.format(i, *v);
                            view! { <td>{if shown.is_empty() { "\u{2014}".to_owned() } else { shown }}</td> }
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    };
    view! {
        <div class="chart" data-testid=format!("chart-{}", chart.key)>
            <div class="chart__figure">
                {legend}
                <svg class="chart__svg" role="img" viewBox=format!("0 0 {WIDTH} {height}") aria-label=description>
                    {bars}
                </svg>
            </div>
            <div class="chart__data">
                {table}
                {csv.map(|href| view! {
                    <p><a href=href rel="external" download>{format!("{} (CSV)", chart.title)}</a></p>
                })}
            </div>
        </div>
    }
    .into_any()
}

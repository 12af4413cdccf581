//! `<ExerciseTable>`: a list of logged exercises (the day view's and the range's), one row
//! each, in the person's units, with the totals above it.

use crate::model::metric::{Metric, Units};
use crate::model::Exercise;
use leptos::prelude::*;

/// The column heads, in `Exercise::cells` order.
const HEADS: [&str; 9] = [
    "Date",
    "Start",
    "Activity",
    "Duration",
    "Distance",
    "Calories",
    "Mean heart rate",
    "Steps",
    "Logged",
];

#[component]
pub fn ExerciseTable(
    /// The exercises, in time order.
    list: Vec<Exercise>,
    /// The person's units, for the distance.
    units: Units,
    /// Test id of the table's box.
    #[prop(into)]
    testid: String,
    /// Each row's date opens the exercise's own page (`#/workouts/…`).
    #[prop(optional)]
    open: bool,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="status muted" data-testid=testid>"No exercise logged in these days."</p> }
            .into_any();
    }
    let time: i64 = list.iter().map(|x| x.end - x.start).sum();
    let km: f64 = list.iter().filter_map(|x| x.distance_km).sum();
    let summary = format!(
        "{} {}, {} in all, {}",
        list.len(),
        if list.len() == 1 {
            "exercise"
        } else {
            "exercises"
        },
        crate::model::time::duration_text(time),
        units.text(Metric::Distance, km)
    );
    view! {
        <div class="table-box" data-testid=testid data-count=list.len()>
            <p class="muted">{summary}</p>
            <table>
                <thead><tr>{HEADS.map(|h| view! { <th scope="col">{h}</th> }).to_vec()}</tr></thead>
                <tbody>
                    {list.iter().map(|x| view! {
                        <tr data-start=x.start data-end=x.end data-offset=x.offset>
                            {x.cells(units).into_iter().zip(HEADS).enumerate().map(|(i, (c, h))| if open && i == 0 {
                                view! { <td data-label=h><a href=crate::model::workouts::href(x)>{c}</a></td> }.into_any()
                            } else {
                                view! { <td data-label=h>{c}</td> }.into_any()
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

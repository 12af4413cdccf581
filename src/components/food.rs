//! `<FoodTable>`: the foods logged for a day, one row each, with the day's totals above.

use crate::model::FoodLog;
use leptos::prelude::*;

/// The column heads, in `FoodLog::cells` order.
const HEADS: [&str; 8] = [
    "Meal",
    "Food",
    "Amount",
    "Energy",
    "Carbohydrate",
    "Fat",
    "Protein",
    "Sodium",
];

#[component]
pub fn FoodTable(
    /// The day's logs, in log order.
    list: Vec<FoodLog>,
    /// Test id of the table's box.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="status muted" data-testid=testid>"No food logged this day."</p> }
            .into_any();
    }
    view! {
        <div class="table-box" data-testid=testid data-count=list.len()>
            <p class="muted">{FoodLog::summary(&list)}</p>
            <table>
                <thead><tr>{HEADS.map(|h| view! { <th scope="col">{h}</th> }).to_vec()}</tr></thead>
                <tbody>
                    {list.iter().map(|f| view! {
                        <tr>{f.cells().into_iter().zip(HEADS).map(|(c, h)| view! { <td data-label=h>{c}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

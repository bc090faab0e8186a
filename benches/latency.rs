//! `cargo bench --bench latency`: the tails the budgets are about, which
//! medians hide. At 10,000 generated records: a key and its redraw, and a
//! confirmed edit (progress +5 or −5: validated, written in one transaction,
//! flushed to disk, redrawn). Prints p50, p90, p99 and the slowest of each.

mod common;

use std::time::{Duration, Instant};

use common::{app_at, draw, key};
use crossterm::event::KeyCode;

const SAMPLES: usize = 2_000;

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what:<40} p50 {:>9.3?}  p90 {:>9.3?}  p99 {:>9.3?}  max {:>9.3?}  ({} samples)",
        at(0.5),
        at(0.9),
        at(0.99),
        at(1.0),
        samples.len()
    );
}

fn main() {
    // `cargo test --benches` runs benchmarks once as tests: nothing to time.
    if std::env::args().any(|a| a == "--test") {
        return;
    }
    let (mut app, mut terminal) = app_at(10_000);

    // Up and down the journal, 50 rows each way.
    app.handle_key(key(KeyCode::Char('2')));
    let keys = (0..SAMPLES)
        .map(|i| {
            let k = if (i / 50) % 2 == 0 { 'j' } else { 'k' };
            let t = Instant::now();
            app.handle_key(key(KeyCode::Char(k)));
            draw(&mut terminal, &app);
            t.elapsed()
        })
        .collect();
    report("key j/k + redraw, journal, 10,000", keys);

    // Progress +5 / −5 on the first goal, each confirmed on disk.
    app.handle_key(key(KeyCode::Char('1')));
    let edits = (0..SAMPLES)
        .map(|i| {
            let k = if i % 2 == 0 { '+' } else { '-' };
            let t = Instant::now();
            app.handle_key(key(KeyCode::Char(k)));
            draw(&mut terminal, &app);
            t.elapsed()
        })
        .collect();
    report("confirmed edit + flush + redraw, 10,000", edits);
}

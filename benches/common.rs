//! Ratio of two implementations measured in the same process: alternating
//! batches so that both see the same machine state, median per-iteration time
//! of each, printed with the target.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Times `ours` and `peer` in `rounds` alternating batches of `batch`
/// iterations and prints `ours / peer` per iteration, with `target`.
pub fn report_ratio<A, B, RA, RB>(name: &str, target: &str, mut ours: A, mut peer: B) -> f64
where
    A: FnMut() -> RA,
    B: FnMut() -> RB,
{
    // Size the batch so one lasts about 20 ms.
    let start = Instant::now();
    let mut calibrate = 0u32;
    while start.elapsed() < Duration::from_millis(20) {
        black_box(ours());
        calibrate = calibrate.saturating_add(1);
    }
    let batch = calibrate.max(1);
    let rounds = 25;
    let (mut a, mut b) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        let t = Instant::now();
        for _ in 0..batch {
            black_box(ours());
        }
        a.push(t.elapsed().as_secs_f64() / f64::from(batch));
        let t = Instant::now();
        for _ in 0..batch {
            black_box(peer());
        }
        b.push(t.elapsed().as_secs_f64() / f64::from(batch));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (ma, mb) = (median(&mut a), median(&mut b));
    let ratio = ma / mb;
    println!(
        "RATIO {name}: ours {:.1} ns, peer {:.1} ns, ours/peer = {ratio:.3} (target: {target})",
        ma * 1e9,
        mb * 1e9
    );
    ratio
}

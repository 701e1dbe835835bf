//! Ratio of two implementations measured in the same process: alternating
//! batches of about 20 ms each, so that both see the same machine state; the
//! median per-iteration time of each, printed with the target.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// Times `ours` and `peer` in `rounds` alternating batches of `batch`
/// iterations and prints `ours / peer` per iteration, with `target`.
pub fn report_ratio<A, B, RA, RB>(name: &str, target: &str, mut ours: A, mut peer: B) -> f64
where
    A: FnMut() -> RA,
    B: FnMut() -> RB,
{
    // Size each side's batch so that one batch lasts about 20 ms.
    let calibrate = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < Duration::from_millis(20) {
            f();
            n = n.saturating_add(1);
        }
        n.max(1)
    };
    let ours_batch = calibrate(&mut || {
        black_box(ours());
    });
    let peer_batch = calibrate(&mut || {
        black_box(peer());
    });
    let rounds = 25;
    let (mut a, mut b) = (Vec::with_capacity(rounds), Vec::with_capacity(rounds));
    for _ in 0..rounds {
        let t = Instant::now();
        for _ in 0..ours_batch {
            black_box(ours());
        }
        a.push(t.elapsed().as_secs_f64() / f64::from(ours_batch));
        let t = Instant::now();
        for _ in 0..peer_batch {
            black_box(peer());
        }
        b.push(t.elapsed().as_secs_f64() / f64::from(peer_batch));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (ma, mb) = (median(&mut a), median(&mut b));
    let ratio = ma / mb;
    // Three decimals, or enough significant digits for a large factor.
    let shown = if ratio >= 0.01 {
        format!("{ratio:.3}")
    } else {
        format!("{ratio:.2e} ({:.0}x faster)", 1.0 / ratio)
    };
    println!(
        "RATIO {name}: ours {:.1} ns, peer {:.1} ns, ours/peer = {shown} (target: {target})",
        ma * 1e9,
        mb * 1e9
    );
    ratio
}

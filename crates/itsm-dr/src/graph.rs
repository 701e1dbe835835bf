//! Dependency cycles: Tarjan's strongly connected components, iterative, so
//! a deep chain of dependencies cannot overflow the stack.

use std::collections::BTreeMap;

use crate::model::Service;

/// Every set of services that depend on each other in a circle (a
/// component of more than one service, or a service depending on itself),
/// each sorted, in order of their first service.
pub(crate) fn cycles(services: &[Service]) -> Vec<Vec<String>> {
    let index_of: BTreeMap<&str, usize> = services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = services
        .iter()
        .map(|s| {
            s.depends_on
                .iter()
                .filter_map(|d| index_of.get(d.as_str()).copied())
                .collect()
        })
        .collect();
    let n = services.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0usize;
    let mut out = Vec::new();
    for root in 0..n {
        if index.get(root).copied() != Some(usize::MAX) {
            continue;
        }
        // (node, next edge to look at)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index.get(v).copied() == Some(usize::MAX) {
                if let (Some(i), Some(l), Some(o)) =
                    (index.get_mut(v), low.get_mut(v), on_stack.get_mut(v))
                {
                    *i = next;
                    *l = next;
                    *o = true;
                }
                next += 1;
                stack.push(v);
            }
            let targets = edges.get(v).map_or(&[][..], Vec::as_slice);
            if let Some(&w) = targets.get(*edge) {
                *edge += 1;
                if index.get(w).copied() == Some(usize::MAX) {
                    work.push((w, 0));
                } else if on_stack.get(w).copied().unwrap_or(false) {
                    let iw = index.get(w).copied().unwrap_or(usize::MAX);
                    if let Some(l) = low.get_mut(v) {
                        *l = (*l).min(iw);
                    }
                }
                continue;
            }
            work.pop();
            let lv = low.get(v).copied().unwrap_or(0);
            if let Some(&(parent, _)) = work.last()
                && let Some(lp) = low.get_mut(parent)
            {
                *lp = (*lp).min(lv);
            }
            if index.get(v).copied() == Some(lv) {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    if let Some(o) = on_stack.get_mut(w) {
                        *o = false;
                    }
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                let self_loop =
                    component.len() == 1 && edges.get(v).is_some_and(|e| e.contains(&v));
                if component.len() > 1 || self_loop {
                    let mut names: Vec<String> = component
                        .iter()
                        .filter_map(|i| services.get(*i).map(|s| s.id.clone()))
                        .collect();
                    names.sort();
                    out.push(names);
                }
            }
        }
    }
    out.sort();
    out
}

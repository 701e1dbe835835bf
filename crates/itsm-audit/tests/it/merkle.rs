//! RFC 6962 vectors from `tests/data/rfc6962.json`, and corrupted proofs.

use itsm_audit::Error;
use itsm_audit::merkle::{CompactRange, Hash, MerkleTree, verify_consistency, verify_inclusion};
use serde::Deserialize;

#[derive(Deserialize)]
struct Vectors {
    leaves: Vec<String>,
    empty_root: String,
    roots: Vec<Root>,
    inclusion: Vec<Inclusion>,
    consistency: Vec<Consistency>,
}

#[derive(Deserialize)]
struct Root {
    tree_size: usize,
    root: String,
}

#[derive(Deserialize)]
struct Inclusion {
    tree_size: usize,
    leaf_index: usize,
    path: Vec<String>,
}

#[derive(Deserialize)]
struct Consistency {
    old_size: usize,
    new_size: usize,
    path: Vec<String>,
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn hash(s: &str) -> Hash {
    unhex(s).try_into().unwrap()
}

fn vectors() -> (Vectors, MerkleTree) {
    let v: Vectors = serde_json::from_str(include_str!("../data/rfc6962.json")).unwrap();
    let mut tree = MerkleTree::new();
    for leaf in &v.leaves {
        tree.push(&unhex(leaf));
    }
    (v, tree)
}

#[test]
fn roots_for_every_size() {
    let (v, tree) = vectors();
    assert_eq!(MerkleTree::new().root(), hash(&v.empty_root));
    assert_eq!(v.roots.len(), 8);
    for r in &v.roots {
        assert_eq!(
            tree.root_at(r.tree_size).unwrap(),
            hash(&r.root),
            "size {}",
            r.tree_size
        );
    }
}

#[test]
fn inclusion_proofs_generated_and_verified() {
    let (v, tree) = vectors();
    assert!(!v.inclusion.is_empty());
    for p in &v.inclusion {
        let expected: Vec<Hash> = p.path.iter().map(|h| hash(h)).collect();
        assert_eq!(
            tree.inclusion_proof(p.leaf_index, p.tree_size).unwrap(),
            expected,
            "size {} index {}",
            p.tree_size,
            p.leaf_index
        );
        let root = tree.root_at(p.tree_size).unwrap();
        let leaf = MerkleTree::leaf_hash(&unhex(&v.leaves[p.leaf_index]));
        assert!(
            verify_inclusion(&leaf, p.leaf_index, p.tree_size, &expected, &root),
            "size {} index {}",
            p.tree_size,
            p.leaf_index
        );
    }
}

#[test]
fn consistency_proofs_generated_and_verified() {
    let (v, tree) = vectors();
    assert!(!v.consistency.is_empty());
    for p in &v.consistency {
        let expected: Vec<Hash> = p.path.iter().map(|h| hash(h)).collect();
        assert_eq!(
            tree.consistency_proof(p.old_size, p.new_size).unwrap(),
            expected,
            "{} -> {}",
            p.old_size,
            p.new_size
        );
        let (a, b) = (
            tree.root_at(p.old_size).unwrap(),
            tree.root_at(p.new_size).unwrap(),
        );
        assert!(
            verify_consistency(p.old_size, p.new_size, &a, &b, &expected),
            "{} -> {}",
            p.old_size,
            p.new_size
        );
    }
}

#[test]
fn corrupted_inclusion_proofs_are_rejected() {
    let (v, tree) = vectors();
    for p in v.inclusion.iter().filter(|p| !p.path.is_empty()) {
        let proof: Vec<Hash> = p.path.iter().map(|h| hash(h)).collect();
        let root = tree.root_at(p.tree_size).unwrap();
        let leaf = MerkleTree::leaf_hash(&unhex(&v.leaves[p.leaf_index]));
        let ctx = format!("size {} index {}", p.tree_size, p.leaf_index);
        assert!(
            !verify_inclusion(&leaf, p.leaf_index + 1, p.tree_size, &proof, &root),
            "index +1, {ctx}"
        );
        if p.leaf_index > 0 {
            assert!(
                !verify_inclusion(&leaf, p.leaf_index - 1, p.tree_size, &proof, &root),
                "index -1, {ctx}"
            );
        }
        // A wrong size, checked against that size's real root (a checkpoint
        // binds size and root together; RFC 9162's algorithm cannot tell
        // sizes apart from the path alone for a leftmost leaf).
        for other in [p.tree_size - 1, p.tree_size + 1] {
            if (1..=8).contains(&other) && p.leaf_index < other {
                let other_root = tree.root_at(other).unwrap();
                assert!(
                    !verify_inclusion(&leaf, p.leaf_index, other, &proof, &other_root),
                    "size {other}, {ctx}"
                );
            }
        }
        let mut flipped = proof.clone();
        flipped[0][0] ^= 1;
        assert!(
            !verify_inclusion(&leaf, p.leaf_index, p.tree_size, &flipped, &root),
            "flipped bit, {ctx}"
        );
        assert!(
            !verify_inclusion(
                &leaf,
                p.leaf_index,
                p.tree_size,
                &proof[..proof.len() - 1],
                &root
            ),
            "hash removed, {ctx}"
        );
        let mut longer = proof.clone();
        longer.push(root);
        assert!(
            !verify_inclusion(&leaf, p.leaf_index, p.tree_size, &longer, &root),
            "hash added, {ctx}"
        );
    }
}

#[test]
fn corrupted_consistency_proofs_are_rejected() {
    let (v, tree) = vectors();
    for p in &v.consistency {
        let proof: Vec<Hash> = p.path.iter().map(|h| hash(h)).collect();
        let (a, b) = (
            tree.root_at(p.old_size).unwrap(),
            tree.root_at(p.new_size).unwrap(),
        );
        let ctx = format!("{} -> {}", p.old_size, p.new_size);
        if p.new_size < 8 {
            let c = tree.root_at(p.new_size + 1).unwrap();
            assert!(
                !verify_consistency(p.old_size, p.new_size + 1, &a, &c, &proof),
                "size +1, {ctx}"
            );
        }
        let mut flipped = proof.clone();
        flipped[0][31] ^= 0x80;
        assert!(
            !verify_consistency(p.old_size, p.new_size, &a, &b, &flipped),
            "flipped bit, {ctx}"
        );
        if !proof.is_empty() {
            assert!(
                !verify_consistency(p.old_size, p.new_size, &a, &b, &proof[..proof.len() - 1]),
                "hash removed, {ctx}"
            );
        }
        let mut longer = proof.clone();
        longer.push(a);
        assert!(
            !verify_consistency(p.old_size, p.new_size, &a, &b, &longer),
            "hash added, {ctx}"
        );
        assert!(
            !verify_consistency(p.old_size, p.new_size, &b, &b, &proof) || a == b,
            "wrong old root, {ctx}"
        );
    }
}

#[test]
fn every_pair_of_sizes_up_to_eight_is_provable() {
    let (v, tree) = vectors();
    for n in 1..=8 {
        let root = tree.root_at(n).unwrap();
        for i in 0..n {
            let proof = tree.inclusion_proof(i, n).unwrap();
            assert!(verify_inclusion(
                &MerkleTree::leaf_hash(&unhex(&v.leaves[i])),
                i,
                n,
                &proof,
                &root
            ));
        }
        for m in 1..=n {
            let proof = tree.consistency_proof(m, n).unwrap();
            assert!(
                verify_consistency(m, n, &tree.root_at(m).unwrap(), &root, &proof),
                "{m} -> {n}"
            );
        }
    }
    assert!(tree.inclusion_proof(8, 8).is_err());
    assert!(tree.consistency_proof(0, 3).is_err());
    assert!(tree.root_at(9).is_err());
}

fn leaves(n: usize) -> Vec<[u8; 32]> {
    (0..n)
        .map(|i| MerkleTree::leaf_hash(format!("record {i}").as_bytes()))
        .collect()
}

#[test]
fn compact_range_root_matches_the_tree_at_every_size() {
    let all = leaves(70);
    let mut tree = MerkleTree::new();
    let mut compact = CompactRange::new();
    assert_eq!(compact.root(), tree.root());
    for leaf in &all {
        tree.push_leaf_hash(*leaf);
        compact.push_leaf_hash(*leaf);
        assert_eq!(compact.root(), tree.root(), "size {}", tree.len());
        assert_eq!(
            compact.subtrees().len(),
            compact.size().count_ones() as usize
        );
    }
    assert!(CompactRange::from_parts(3, vec![[0; 32]]).is_err());
    let copy = CompactRange::from_parts(compact.size(), compact.subtrees().to_vec()).unwrap();
    assert_eq!(copy, compact);
}

#[test]
fn pruned_tree_keeps_roots_and_proofs_for_retained_leaves() {
    let n = 37;
    let all = leaves(n);
    let mut full = MerkleTree::new();
    for leaf in &all {
        full.push_leaf_hash(*leaf);
    }
    for dropped in 0..=n {
        let mut compact = CompactRange::new();
        for leaf in &all[..dropped] {
            compact.push_leaf_hash(*leaf);
        }
        let mut pruned = MerkleTree::from_compact(&compact).unwrap();
        assert_eq!(pruned.pruned(), dropped);
        for leaf in &all[dropped..] {
            pruned.push_leaf_hash(*leaf);
        }
        assert_eq!(pruned.len(), n);
        assert_eq!(pruned.root(), full.root(), "dropped {dropped}");
        for size in dropped.max(1)..=n {
            assert_eq!(pruned.root_at(size).unwrap(), full.root_at(size).unwrap());
            for (index, leaf) in all.iter().enumerate().take(size).skip(dropped) {
                let proof = pruned.inclusion_proof(index, size).unwrap();
                assert_eq!(proof, full.inclusion_proof(index, size).unwrap());
                assert!(verify_inclusion(
                    leaf,
                    index,
                    size,
                    &proof,
                    &full.root_at(size).unwrap()
                ));
            }
            assert_eq!(
                pruned.consistency_proof(size, n).unwrap(),
                full.consistency_proof(size, n).unwrap()
            );
        }
        if dropped >= 2 {
            assert!(matches!(
                pruned.inclusion_proof(0, n),
                Err(Error::Pruned { .. })
            ));
        }
    }
}

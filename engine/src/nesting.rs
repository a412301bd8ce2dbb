//! The blossoms a solve ends with, as a tree: which blossoms hold both ends of an edge, in constant time.
//!
//! The dual certificate checks every edge of the full graph (n²/2 of them) against the duals, and an edge whose
//! ends lie in the same blossom gains the duals of every blossom holding both. When many people are alike,
//! blossoms nest deeply, and walking up from both ends for each edge dominated the check. Instead the tree is laid
//! out once as an Euler tour with a sparse table of its shallowest nodes (the classic reduction of lowest common
//! ancestor to range minimum): the innermost common blossom is then two table reads.

/// Indices as the blossom solver numbers them: vertices 1..=n, blossoms above n.
pub(crate) struct Nesting {
    /// Where each vertex or blossom first appears in the tour (unused for nodes outside every blossom).
    first: Vec<u32>,
    /// `shallowest[k][i]`: the shallowest node among the tour's positions `i .. i + 2^k`.
    shallowest: Vec<Vec<u32>>,
    depth: Vec<u32>,
    /// For each blossom, the sum of its dual and those of every blossom around it.
    enclosing_duals: Vec<i64>,
}

impl Nesting {
    /// The tree of the top-level blossoms `outermost` and everything inside them (`flower[b]`: the sub-blossoms
    /// and vertices directly inside blossom `b`; `dual[b]`: its dual). `size` bounds every index.
    pub(crate) fn new(
        size: usize,
        outermost: &[usize],
        flower: &[Vec<usize>],
        dual: &[i64],
    ) -> Self {
        let mut first = vec![0u32; size];
        let mut depth = vec![0u32; size];
        let mut enclosing_duals = vec![0i64; size];
        let mut tour: Vec<u32> = Vec::new();
        // Iterative depth-first walk: (node, how many of its children are done).
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for &root in outermost {
            enclosing_duals[root] = dual[root];
            first[root] = index(tour.len());
            tour.push(index(root));
            stack.push((root, 0));
            while let Some(&mut (node, ref mut done)) = stack.last_mut() {
                match flower.get(node).and_then(|children| children.get(*done)) {
                    Some(&child) => {
                        *done += 1;
                        depth[child] = depth[node] + 1;
                        enclosing_duals[child] = enclosing_duals[node] + dual[child];
                        first[child] = index(tour.len());
                        tour.push(index(child));
                        stack.push((child, 0));
                    }
                    None => {
                        stack.pop();
                        if let Some(&(parent, _)) = stack.last() {
                            tour.push(index(parent));
                        }
                    }
                }
            }
        }
        let mut shallowest = vec![tour];
        let mut width = 1;
        while 2 * width <= shallowest[0].len() {
            let previous = &shallowest[shallowest.len() - 1];
            let level = (0..previous.len() - width)
                .map(|i| shallower(&depth, previous[i], previous[i + width]))
                .collect();
            shallowest.push(level);
            width *= 2;
        }
        Nesting {
            first,
            shallowest,
            depth,
            enclosing_duals,
        }
    }

    /// The summed duals of every blossom holding both vertices `u` and `v`, which lie in the same top-level
    /// blossom.
    pub(crate) fn shared_duals(&self, u: usize, v: usize) -> i64 {
        let (a, b) = (self.first[u] as usize, self.first[v] as usize);
        let (from, to) = (a.min(b), a.max(b));
        let span = to - from + 1;
        let k = span.ilog2() as usize;
        let level = &self.shallowest[k];
        let common = shallower(&self.depth, level[from], level[to + 1 - (1 << k)]);
        self.enclosing_duals[common as usize]
    }
}

fn shallower(depth: &[u32], a: u32, b: u32) -> u32 {
    if depth[a as usize] <= depth[b as usize] {
        a
    } else {
        b
    }
}

fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_vertices_share_the_duals_of_every_blossom_around_both() {
        // Vertices 1..=6; blossom 9 holds 8, 5 and 6; 8 holds 7, 3 and 4; 7 holds 1 and 2.
        let mut flower = vec![Vec::new(); 10];
        flower[9] = vec![8, 5, 6];
        flower[8] = vec![7, 3, 4];
        flower[7] = vec![1, 2];
        let mut dual = vec![0; 10];
        (dual[9], dual[8], dual[7]) = (1, 10, 100);
        let nesting = Nesting::new(10, &[9], &flower, &dual);
        assert_eq!(nesting.shared_duals(1, 2), 111);
        assert_eq!(nesting.shared_duals(2, 1), 111);
        assert_eq!(nesting.shared_duals(1, 3), 11);
        assert_eq!(nesting.shared_duals(4, 3), 11);
        assert_eq!(nesting.shared_duals(2, 6), 1);
        assert_eq!(nesting.shared_duals(5, 6), 1);
    }
}

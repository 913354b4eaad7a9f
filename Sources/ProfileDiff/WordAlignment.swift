/// The edit script the standard library's `difference(from:)` finds between two sequences of word hashes, found by
/// the same search in code written for them.
///
/// `difference(from:)` is generic and not inlinable: every comparison of two hashes went through a closure and the
/// type's witness table, and building the `CollectionDifference` sorted and checked its changes, about a million
/// instructions for a long paragraph, the largest single item of comparing a whole history. The alignment of a
/// rewrite decides which words a summary quotes, so this is not merely some minimal script but the standard
/// library's own: its linear-space refinement of Myers' algorithm (Swift 6), with its order of search and its
/// choices between an insertion and a removal of equal promise. `WordAlignmentTests` hold the two to the same
/// removals and insertions on random sequences with many ties.
struct WordAlignment {
    /// Which old elements the script removes and which new elements it inserts.
    var removed: [Bool]
    var inserted: [Bool]

    init(old: [UInt64], new: [UInt64]) {
        (removed, inserted) = old.withUnsafeBufferPointer { a in
            new.withUnsafeBufferPointer { b in
                var search = Search(a: a, b: b)
                search.run()
                return (search.removed, search.inserted)
            }
        }
    }

    /// A region of the edit graph: old elements `left..<right` against new elements `top..<bottom`.
    private struct Box {
        var left: Int, top: Int, right: Int, bottom: Int
        var width: Int { right &- left }
        var height: Int { bottom &- top }
        var size: Int { width &+ height }
        var delta: Int { width &- height }
        var isOdd: Bool { !delta.isMultiple(of: 2) }
    }

    private struct Search {
        let a: UnsafeBufferPointer<UInt64>
        let b: UnsafeBufferPointer<UInt64>
        var removed: [Bool]
        var inserted: [Bool]
        /// Furthest reach on each diagonal (`-offset...offset`, stored at `offset + k`), searching forward and backward.
        private var forward: [Int]
        private var backward: [Int]
        private let offset: Int

        init(a: UnsafeBufferPointer<UInt64>, b: UnsafeBufferPointer<UInt64>) {
            self.a = a
            self.b = b
            removed = Array(repeating: false, count: a.count)
            inserted = Array(repeating: false, count: b.count)
            offset = a.count + b.count
            forward = Array(repeating: 0, count: 2 * offset + 1)
            backward = Array(repeating: 0, count: 2 * offset + 1)
        }

        /// The box left after following equal elements in from both corners.
        private func shrunk(_ box: Box) -> Box {
            var box = box
            while box.left < box.right, box.top < box.bottom, a[box.left] == b[box.top] {
                box.left &+= 1
                box.top &+= 1
            }
            while box.right > box.left, box.bottom > box.top, a[box.right &- 1] == b[box.bottom &- 1] {
                box.right &-= 1
                box.bottom &-= 1
            }
            return box
        }

        /// Splits each box at its middle snake: the part before it now, the part after it later (a stack), as the
        /// standard library does; the order changes nothing but the order edits are found in.
        mutating func run() {
            var stack: [Box] = []
            var current = shrunk(Box(left: 0, top: 0, right: a.count, bottom: b.count))
            while true {
                guard let snake = middleSnake(current) else {
                    guard let next = stack.popLast() else { return }
                    current = next
                    continue
                }
                let head = shrunk(Box(left: current.left, top: current.top, right: snake.left, bottom: snake.top))
                let tail = shrunk(Box(left: snake.right, top: snake.bottom, right: current.right, bottom: current.bottom))
                current = head
                stack.append(tail)
            }
        }

        private mutating func remove(_ index: Int) { removed[index] = true }
        private mutating func insert(_ index: Int) { inserted[index] = true }

        /// Records the edit that leads into the box's middle snake and returns the snake, or nil when the box is a
        /// single edit or empty (the edit, if any, recorded).
        private mutating func middleSnake(_ box: Box) -> Box? {
            if box.size <= 1 {
                if box.size == 1 { if box.width == 1 { remove(box.left) } else { insert(box.top) } }
                return nil
            }
            forward[offset &+ 1] = box.left
            backward[offset &+ 1] = box.bottom
            for depth in 0...((box.size &+ 1) / 2) {
                if box.isOdd {
                    if let snake = forwardStep(box, depth) { return snake }
                    _ = backwardStep(box, depth)
                } else {
                    _ = forwardStep(box, depth)
                    if let snake = backwardStep(box, depth) { return snake }
                }
            }
            preconditionFailure("a middle snake exists within the box's depth")
        }

        /// One round of the forward search, diagonals `k` from `depth` down to `-depth`. A round either extends the
        /// path on `k + 1` by an insertion or the one on `k - 1` by a removal, then follows equal elements. Where it
        /// meets the backward search (looked for only when the box's delta is odd), that edit and the snake after
        /// it are the answer.
        private mutating func forwardStep(_ box: Box, _ depth: Int) -> Box? {
            var k = depth
            while k >= -depth {
                let insertion = k == -depth || (k != depth && forward[offset &+ k &- 1] < forward[offset &+ k &+ 1])
                let left = insertion ? forward[offset &+ k &+ 1] : forward[offset &+ k &- 1]
                var right = insertion ? left : left &+ 1
                var bottom = box.top &+ (right &- box.left) &- k
                let edit = insertion ? bottom &- 1 : left
                let top = (depth == 0 || right != left) ? bottom : bottom &- 1
                while right < box.right, bottom < box.bottom, a[right] == b[bottom] {
                    right &+= 1
                    bottom &+= 1
                }
                forward[offset &+ k] = right
                let c = k &- box.delta
                if box.isOdd, c >= -(depth &- 1), c <= depth &- 1, bottom >= backward[offset &+ c] {
                    if insertion { insert(edit) } else { remove(edit) }
                    return Box(left: left, top: top, right: right, bottom: bottom)
                }
                k &-= 2
            }
            return nil
        }

        /// One round of the backward search from the bottom right corner, diagonals `c` (that corner's `k` minus the
        /// box's delta) from `depth` down to `-depth`, the mirror of `forwardStep`; it looks for the meeting only
        /// when the box's delta is even.
        private mutating func backwardStep(_ box: Box, _ depth: Int) -> Box? {
            var c = depth
            while c >= -depth {
                let k = c &+ box.delta
                let removal = c == -depth || (c != depth && backward[offset &+ c &- 1] > backward[offset &+ c &+ 1])
                let bottom = removal ? backward[offset &+ c &+ 1] : backward[offset &+ c &- 1]
                var top = removal ? bottom : bottom &- 1
                var left = box.left &+ (top &- box.top) &+ k
                let edit = removal ? left : top
                let right = (depth == 0 || top != bottom) ? left : left &+ 1
                while left > box.left, top > box.top, a[left &- 1] == b[top &- 1] {
                    left &-= 1
                    top &-= 1
                }
                backward[offset &+ c] = top
                if !box.isOdd, k >= -depth, k <= depth, left <= forward[offset &+ k] {
                    if removal { remove(edit) } else { insert(edit) }
                    return Box(left: left, top: top, right: right, bottom: bottom)
                }
                c &-= 2
            }
            return nil
        }
    }
}

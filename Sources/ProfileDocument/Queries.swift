extension Section {
    /// Every link in the section, in document order.
    ///
    /// A list's `Block.links` already holds the links of all its items (each `ListItem.links` holds only its own),
    /// so collecting block links counts nothing twice and misses nothing.
    public var links: [Link] { blocks.flatMap(\.links) }

    /// Every image in the section, in document order (list blocks include their items' images, as for links).
    public var images: [Image] { blocks.flatMap(\.images) }
}

extension ProfileDocument {
    /// Indices of the sections directly below `sections[index]` (`nil`: the top-level sections, intro excluded).
    public func children(of index: Int?) -> [Int] {
        sections.indices.filter { sections[$0].parent == index && (index != nil || !sections[$0].isIntro) }
    }
}

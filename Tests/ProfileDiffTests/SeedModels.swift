import ProfileDocument

// Seeds 001 and 000 built by hand, block for block as the document model describes them, so the engine's
// judgement on the real page can be tested without depending on the parser's details.

enum SeedModels {
    static let connect = section("Connect With Me", [
        paragraph("Feel free to reach out through any of these channels:"),
        list([
            item("GitHub: michaelyliu6", links: [link("michaelyliu6", "https://github.com/michaelyliu6")]),
            item("LinkedIn: Michael Liu", links: [link("Michael Liu", "https://www.linkedin.com/in/michael-liu-a14932197/")]),
            item("Twitter: @michaelyliu6", links: [link("@michaelyliu6", "https://x.com/michaelyliu6")]),
            item("Email: michaelyliu6@gmail.com", links: [link("michaelyliu6@gmail.com", "mailto:michaelyliu6@gmail.com")]),
        ]),
        paragraph("You can also support my work through Buy Me a Coffee.", links: [link("Buy Me a Coffee", "https://buymeacoffee.com/myliu6")]),
    ])

    static let hi = paragraph("Hi there! I'm Michael Liu, a software engineer passionate about AI development and safety. I combine practical engineering experience with a deep interest in advancing AI technology in reliable and beneficial ways.")

    static func background(_ transfer: String) -> Section {
        section("Professional Background", [
            paragraph("I most recently served as a Software Development Engineer II at Amazon Web Services (AWS), where I was a key member of the \(transfer) Metering team. Our system processed 140 PB of data and $11 million in revenue daily, serving as a critical component of AWS's infrastructure. During my tenure, I:"),
            list([
                "Led cross-team initiatives for automating AWS region builds",
                "Implemented storage optimizations resulting in ~600PB/month savings",
                "Maintained 24/7 system reliability through on-call rotations and incident response",
                "Mentored new team members and interns",
            ]),
            paragraph("I hold a BS in Computer Science with a specialization in Machine Learning from the University of Maryland, College Park."),
        ])
    }

    static let old = document([
        intro([hi, paragraph("I'm currently seeking roles in AI development.")]),
        background("Data transfer"),
        section("Technical Interests", hidden: true, [
            paragraph("My current focus areas include:", hidden: true),
            list([
                "AI Development: Working on model capabilities, pre-training and post-training techniques, and AI applications",
                "AI Safety & Interpretability: Exploring areas such as induction heads, superposition, sparse autoencoders, and understanding neural networks beyond the black box approach",
                "Software Engineering: Building robust and scalable systems with a focus on reliability and performance",
            ], hidden: true),
        ]),
        section("Current Learning Focus", [
            paragraph("I'm currently deepening my expertise in:"),
            list([
                "Transformer Architecture & Model Capabilities: Studying pre-training and post-training techniques to enhance model performance and reliability",
                "Diffusion Models: Implementing and experimenting with image generation architectures (e.g. DDPM/DDIM, )",
                "Reinforcement Learning: Building and training agent systems with a focus on practical applications",
                "Model Interpretability: Exploring techniques like sparse autoencoders, induction heads, and superposition to better understand model behavior",
            ]),
        ]),
        section("What I'm current working on", [
            list([item("Advanced Large Language Model Agents MOOC - https://llmagents-learning.org/sp25",
                       links: [link("https://llmagents-learning.org/sp25", "https://llmagents-learning.org/sp25", origin: .bareURL)])]),
        ]),
        connect,
    ], frontMatter: yaml([
        ("title", .string("About Me")), ("date", .date("2024-02-17")), ("draft", .bool(false)),
        ("showToc", .bool(true)), ("TocOpen", .bool(false)), ("hideCitation", .bool(true)),
    ]))

    static let new = document([
        intro([hi, paragraph("I'm currently seeking roles in AI development. You can view my resume here.",
                             links: [link("resume here", "/Michael_Liu_Resume_2025_Aug.pdf", origin: .html)])]),
        background("Data Transfer"),
        section("Current Focus", [
            paragraph("I'm working on:", hidden: true),
            list(["New blog post on Claude playing Pokemon"], hidden: true),
            paragraph("I'm learning about:"),
            list([
                item("LLM Agents", links: [link("LLM Agents", "https://llmagents-learning.org/sp25")]),
                item("AI Safety, Alignment, and Capabilities"),
                item("Technological Determinism"),
                item("Longtermism"),
                item("Progress Studies"),
            ]),
        ]),
        section("Quotes I'm thinking about", [
            quote("\"Intelligence is skill-acquisition efficiency.\"", by: "Francois Chollet",
                  links: [link("Francois Chollet", "https://arxiv.org/pdf/1911.01547")]),
            quote("\"I think the phrase AGI should be retired and replaced by \"human-level AI\". There is no such thing as AGI.\"", by: "Yann LeCun",
                  links: [link("Yann LeCun", "https://www.linkedin.com/posts/yann-lecun")]),
            quote("\"...you've just got humans in control of everything and these AI servants doing exactly whatever people want...\"", by: "Will MacAskill",
                  links: [link("Will MacAskill", "https://youtu.be/SjSl2re_Fm8?si=uvuFS7C0sLZoltBy&t=6301")]),
            quote("\"...it's really remarkable the extent to which those utopias now look like dystopias...\"", by: "Will MacAskill",
                  links: [link("Will MacAskill", "https://youtu.be/SjSl2re_Fm8?si=PTdZv7o_eVuEOY3n&t=12814")]),
        ]),
        section("Favorite Memes/Slides", [
            imageParagraph("This is normal", "/assets/images/memes/this-is-normal.png"),
            imageParagraph("mode covering vs mode seeking", "/assets/images/memes/mode-cover-vs-seeking.png"),
            imageParagraph("Shoggoth", "/assets/images/memes/shoggoth.png"),
            imageParagraph("performance", "/assets/images/memes/performance.png"),
            imageParagraph("bitter lesson", "/assets/images/memes/bitter-lesson.png"),
        ]),
        {
            var s = connect
            s.blocks.append(html("<script type='text/javascript' id='clustrmaps' src='//cdn.clustrmaps.com/map_v2.js?cl=ffffff&w=a&t=n&d=UhM9NDgfy7FFlE27sd86VbAF_2iwllwwXbTkYQDbwh8'></script>", hidden: true))
            return s
        }(),
    ], frontMatter: yaml([
        ("title", .string("About Me")), ("draft", .bool(false)),
        ("showToc", .bool(true)), ("TocOpen", .bool(false)), ("hideCitation", .bool(true)),
    ], hidden: [("date", .date("2024-02-17"))]))
}

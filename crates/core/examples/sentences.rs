//! Prints the sentences of a file, one a line with its byte span: a development aid.
fn main() {
    let path = std::env::args().nth(1).expect("usage: sentences FILE");
    let text = tally_core::text::normalise(&std::fs::read_to_string(path).expect("readable UTF-8 file"));
    for s in tally_core::text::sentences(&text) {
        println!("{:>3} {:>5}..{:<5} {}", s.paragraph, s.start, s.end, &text[s.start..s.end]);
    }
}

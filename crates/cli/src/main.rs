fn main() {
    println!("ads-onboard-cli {}", env!("CARGO_PKG_VERSION"));
}

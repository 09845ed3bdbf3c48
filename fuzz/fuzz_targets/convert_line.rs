#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| hashport::fuzzing::convert_line(data));

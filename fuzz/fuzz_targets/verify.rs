#![no_main]

use hashport_fuzz::bcrypt_ref::bcrypt_raw;

libfuzzer_sys::fuzz_target!(|data: &[u8]| hashport::fuzzing::verify(data, Some(bcrypt_raw)));

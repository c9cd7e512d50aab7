(module
  ;; Memory: the digest's two words at 0 and 4, the body's bytes from 16. The caller writes the
  ;; body there and makes the 4 bytes after it zero.
  (memory (export "memory") 1)

  ;; murmur3's 32-bit finalizer.
  (func $fmix (param $h i32) (result i32)
    (local.set $h (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))) (i32.const 0x85ebca6b)))
    (local.set $h (i32.mul (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 13))) (i32.const 0xc2b2ae35)))
    (i32.xor (local.get $h) (i32.shr_u (local.get $h) (i32.const 16))))

  ;; bodyDigest (seen.ts) of the $n bytes at 16: two lanes of murmur3's 32-bit mix, four bytes a
  ;; round read as one little-endian word; the last 1 to 3 bytes one more word, with the bytes
  ;; after them zero and their count in the top four bits; the length folded in at the end.
  ;; Writes the first lane's result at 0 and the second's at 4.
  (func (export "digest") (param $n i32)
    (local $i i32) (local $whole i32) (local $end i32) (local $k i32) (local $a i32) (local $h1 i32) (local $h2 i32) (local $f1 i32)
    (local.set $whole (i32.and (local.get $n) (i32.const -4)))
    (local.set $end (select (i32.add (local.get $whole) (i32.const 4)) (local.get $whole) (i32.lt_u (local.get $whole) (local.get $n))))
    (local.set $h1 (i32.const 0x9747b28c))
    (local.set $h2 (i32.const 0x41c6ce57))
    (block $done
      (loop $round
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $k (i32.load offset=16 (local.get $i)))
        (if (i32.ge_u (local.get $i) (local.get $whole))
          (then (local.set $k (i32.or (local.get $k) (i32.shl (i32.sub (local.get $n) (local.get $whole)) (i32.const 28))))))
        (local.set $a (i32.mul (local.get $k) (i32.const 0xcc9e2d51)))
        (local.set $h1 (i32.xor (local.get $h1) (i32.mul (i32.rotl (local.get $a) (i32.const 15)) (i32.const 0x1b873593))))
        (local.set $h1 (i32.add (i32.mul (i32.rotl (local.get $h1) (i32.const 13)) (i32.const 5)) (i32.const 0xe6546b64)))
        (local.set $a (i32.mul (local.get $k) (i32.const 0x85ebca6b)))
        (local.set $h2 (i32.xor (local.get $h2) (i32.mul (i32.rotl (local.get $a) (i32.const 16)) (i32.const 0xc2b2ae35))))
        (local.set $h2 (i32.add (i32.mul (i32.rotl (local.get $h2) (i32.const 17)) (i32.const 9)) (i32.const 0x38b34ae5)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $round)))
    (local.set $f1 (call $fmix (i32.xor (i32.xor (local.get $h1) (local.get $n)) (i32.mul (local.get $h2) (i32.const 0x27d4eb2d)))))
    (i32.store (i32.const 0) (local.get $f1))
    (i32.store (i32.const 4) (call $fmix (i32.xor (i32.xor (local.get $h2) (local.get $n)) (i32.mul (local.get $f1) (i32.const 0x165667b1))))))
)

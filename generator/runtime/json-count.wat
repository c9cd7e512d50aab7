(module
  ;; Memory: the count of brackets at 0, the text's UTF-8 from 64.
  ;; The caller makes room for the text and 32 bytes after it.
  (memory (export "memory") 1)

  ;; The sum of the sixteen bytes of $v (each at most 255).
  (func $sum (param $v v128) (result i32)
    (local $w v128)
    (local.set $w (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $v))))
    (i32.add (i32.add (i32x4.extract_lane 0 (local.get $w)) (i32x4.extract_lane 1 (local.get $w)))
             (i32.add (i32x4.extract_lane 2 (local.get $w)) (i32x4.extract_lane 3 (local.get $w)))))

;; Counts in the $n bytes at 64, sixteen at a time: returns the commas and writes at 0 the "["
  ;; and "{". The 32 bytes after the text are made zero first, so that the last sixteen (and the
  ;; candidates' look two bytes ahead) count nothing past its end. Each byte's counts go into a
  ;; lane of their own, summed every 255 rounds at most.
  (func (export "counts") (param $n i32) (result i32)
    (local $k i32) (local $stop i32) (local $commas i32) (local $brackets i32)
    (local $v v128) (local $ac v128) (local $ab v128) (local $COMMA v128) (local $SQUARE v128) (local $CURLY v128)
    (v128.store offset=64 (local.get $n) (v128.const i64x2 0 0))
    (v128.store offset=80 (local.get $n) (v128.const i64x2 0 0))
    (local.set $COMMA (i8x16.splat (i32.const 44)))
    (local.set $SQUARE (i8x16.splat (i32.const 91)))
    (local.set $CURLY (i8x16.splat (i32.const 123)))
    (block $done
      (loop $outer
        (br_if $done (i32.ge_s (local.get $k) (local.get $n)))
        ;; 255 rounds of sixteen bytes at most, so that no lane passes 255.
        (local.set $stop (i32.add (local.get $k) (i32.const 4080)))
        (if (i32.gt_s (local.get $stop) (local.get $n)) (then (local.set $stop (local.get $n))))
        (local.set $ac (v128.const i64x2 0 0))
        (local.set $ab (v128.const i64x2 0 0))
        (block $inner
          (loop $round
            (br_if $inner (i32.ge_s (local.get $k) (local.get $stop)))
            (local.set $v (v128.load offset=64 (local.get $k)))
            ;; A lane that matches is -1: subtracting it adds one.
            (local.set $ac (i8x16.sub (local.get $ac) (i8x16.eq (local.get $v) (local.get $COMMA))))
            (local.set $ab (i8x16.sub (local.get $ab) (v128.or (i8x16.eq (local.get $v) (local.get $SQUARE)) (i8x16.eq (local.get $v) (local.get $CURLY)))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $round)))
        (local.set $commas (i32.add (local.get $commas) (call $sum (local.get $ac))))
        (local.set $brackets (i32.add (local.get $brackets) (call $sum (local.get $ab))))
        (br $outer)))
    (i32.store (i32.const 0) (local.get $brackets))
    (local.get $commas))

  ;; The places in the $n bytes at 64 (counted by "counts" before, which cleared the bytes after
  ;; them) where a digit is followed by ".", "e" or "E" and then a byte from "+" to "9" (a digit, a
  ;; sign, or ",", "." or "/"): every place /[0-9][.eE][-+0-9]/ matches, overlapping or not, and
  ;; a few more. Sixteen places at a time, each test a signed comparison: a byte from "0" to "9"
  ;; plus 80 is -128 to -119, one from "+" to "9" plus 85 is -128 to -114. Counted in lanes as
  ;; "counts" counts (a test of the lanes in every round costs more than the rest of it).
  (func (export "candidates") (param $n i32) (result i32)
    (local $k i32) (local $stop i32) (local $c i32) (local $v1 v128) (local $acc v128)
    (local $D v128) (local $DMAX v128) (local $S v128) (local $SMAX v128) (local $DOT v128) (local $CASE v128) (local $E v128)
    (local.set $D (i8x16.splat (i32.const 80)))
    (local.set $DMAX (i8x16.splat (i32.const -118)))
    (local.set $S (i8x16.splat (i32.const 85)))
    (local.set $SMAX (i8x16.splat (i32.const -113)))
    (local.set $DOT (i8x16.splat (i32.const 46)))
    (local.set $CASE (i8x16.splat (i32.const 32)))
    (local.set $E (i8x16.splat (i32.const 101)))
    (block $done
      (loop $outer
        (br_if $done (i32.ge_s (local.get $k) (local.get $n)))
        (local.set $stop (i32.add (local.get $k) (i32.const 4080)))
        (if (i32.gt_s (local.get $stop) (local.get $n)) (then (local.set $stop (local.get $n))))
        (local.set $acc (v128.const i64x2 0 0))
        (block $inner
          (loop $round
            (br_if $inner (i32.ge_s (local.get $k) (local.get $stop)))
            (local.set $v1 (v128.load offset=65 (local.get $k)))
            (local.set $acc (i8x16.sub (local.get $acc) (v128.and
              (v128.and
                (i8x16.lt_s (i8x16.add (v128.load offset=64 (local.get $k)) (local.get $D)) (local.get $DMAX))
                (i8x16.lt_s (i8x16.add (v128.load offset=66 (local.get $k)) (local.get $S)) (local.get $SMAX)))
              ;; "." or, with its 0x20 bit set, "e": ".", "e" or "E".
              (v128.or (i8x16.eq (local.get $v1) (local.get $DOT)) (i8x16.eq (v128.or (local.get $v1) (local.get $CASE)) (local.get $E))))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $round)))
        (local.set $c (i32.add (local.get $c) (call $sum (local.get $acc))))
        (br $outer)))
    (local.get $c))
)

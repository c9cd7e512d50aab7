(module
  ;; Memory: name slots at 0 (2048 x i32), name entries from 8192 to 65536, open elements from
  ;; 65536 (256 levels x 64 bytes), the body from 81920 (UTF-8), the node table where the caller says.
  ;; A level: 0 where its name is (bytes), 4 the name's length, 8 its node, 12 its last child node,
  ;; 16 its items, 20 and 24 where its pending text starts and ends (bytes), 28 1 once it has a
  ;; child element, 32 where its pending text starts in UTF-16 code units (the node table's unit).
  (memory (export "memory") 2)
  (global $end (export "end") (mut i32) (i32.const 0))
  (global $table (mut i32) (i32.const 0))
  (global $cap (mut i32) (i32.const 0))
  (global $count (mut i32) (i32.const 0))

  ;; 1 when the $len bytes at $a and at $b are the same: eight at a time, the last eight (or four)
  ;; read where they end, overlapping the ones before.
  (func $eq (param $a i32) (param $b i32) (param $len i32) (result i32)
    (local $k i32)
    (if (i32.ge_u (local.get $len) (i32.const 8))
      (then
        (local.set $len (i32.sub (local.get $len) (i32.const 8)))
        (block $words
          (loop $w
            (br_if $words (i32.ge_u (local.get $k) (local.get $len)))
            (if (i64.ne (i64.load (i32.add (local.get $a) (local.get $k))) (i64.load (i32.add (local.get $b) (local.get $k))))
              (then (return (i32.const 0))))
            (local.set $k (i32.add (local.get $k) (i32.const 8)))
            (br $w)))
        (return (i64.eq (i64.load (i32.add (local.get $a) (local.get $len))) (i64.load (i32.add (local.get $b) (local.get $len)))))))
    (if (i32.ge_u (local.get $len) (i32.const 4))
      (then
        (return (i32.and
          (i32.eq (i32.load (local.get $a)) (i32.load (local.get $b)))
          (i32.eq (i32.load (i32.add (local.get $a) (i32.sub (local.get $len) (i32.const 4)))) (i32.load (i32.add (local.get $b) (i32.sub (local.get $len) (i32.const 4)))))))))
    (block $bytes
      (loop $c
        (br_if $bytes (i32.ge_u (local.get $k) (local.get $len)))
        (if (i32.ne (i32.load8_u (i32.add (local.get $a) (local.get $k))) (i32.load8_u (i32.add (local.get $b) (local.get $k))))
          (then (return (i32.const 0))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $c)))
    (i32.const 1))

  ;; 1 when the bytes from $s to $e (addresses) are all white space.
  (func $blank (param $s i32) (param $e i32) (result i32)
    (local $b i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $s) (local.get $e)))
        (local.set $b (i32.load8_u (local.get $s)))
        (if (i32.eqz (i32.or (i32.or (i32.eq (local.get $b) (i32.const 32)) (i32.eq (local.get $b) (i32.const 10)))
                             (i32.or (i32.eq (local.get $b) (i32.const 9)) (i32.eq (local.get $b) (i32.const 13)))))
          (then (return (i32.const 0))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $l)))
    (i32.const 1))

  ;; The hash of the $len bytes of a name at $a, as nameHash (xml-scan.ts) takes it of a known
  ;; name: its first eight bytes (those past its end made zero) and, past eight, its last eight,
  ;; each as a little-endian word, multiplied by a constant of its own, with the length, folded to
  ;; 32 bits.
  (func $nameHash (param $a i32) (param $len i32) (result i32)
    (local $x i64)
    (local.set $x (i64.load (local.get $a)))
    (if (i32.lt_u (local.get $len) (i32.const 8))
      (then (local.set $x (i64.and (local.get $x) (i64.sub (i64.shl (i64.const 1) (i64.extend_i32_u (i32.shl (local.get $len) (i32.const 3)))) (i64.const 1))))))
    (local.set $x (i64.mul (local.get $x) (i64.const 0x9E3779B97F4A7C15)))
    (if (i32.gt_u (local.get $len) (i32.const 8))
      (then (local.set $x (i64.xor (local.get $x) (i64.mul (i64.load (i32.sub (i32.add (local.get $a) (local.get $len)) (i32.const 8))) (i64.const 0xC2B2AE3D27D4EB4F))))))
    (local.set $x (i64.xor (local.get $x) (i64.extend_i32_u (local.get $len))))
    (i32.wrap_i64 (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 29)))))

  ;; Adds a node; its number, or -1 when the table is full.
  (func $add (param $kind i32) (param $start i32) (param $prev i32) (param $parent i32) (result i32)
    (local $n i32) (local $off i32) (local $p i32)
    (local.set $n (global.get $count))
    (if (i32.ge_s (local.get $n) (global.get $cap)) (then (return (i32.const -1))))
    (local.set $off (i32.add (global.get $table) (i32.mul (local.get $n) (i32.const 12))))
    (i32.store (local.get $off) (local.get $kind))
    (i32.store offset=4 (local.get $off) (local.get $start))
    (i32.store offset=8 (local.get $off) (i32.const -1))
    (if (i32.ge_s (local.get $prev) (i32.const 0))
      (then (i32.store offset=8 (i32.add (global.get $table) (i32.mul (local.get $prev) (i32.const 12))) (local.get $n)))
      (else (if (i32.ge_s (local.get $parent) (i32.const 0))
        (then
          (local.set $p (i32.add (global.get $table) (i32.mul (local.get $parent) (i32.const 12))))
          (i32.store (local.get $p) (i32.or (i32.load (local.get $p)) (i32.const 1)))))))
    (global.set $count (i32.add (local.get $n) (i32.const 1)))
    (local.get $n))

  ;; The number of start tags in the body's $n bytes: its "<" not followed by "/", eight bytes at
  ;; a time (the word at k + 1 lines each byte up with the one before it; a "<" at the body's end
  ;; is followed by the "<" after it). A byte of y (a word XOR "<<<<<<<<") is zero exactly when
  ;; its top bit is clear in both y and (y & 0x7f..) + 0x7f.. (no carry crosses a byte).
  (func $zeros (param $y i64) (result i64)
    (i64.and (i64.xor (i64.or (i64.add (i64.and (local.get $y) (i64.const 0x7f7f7f7f7f7f7f7f)) (i64.const 0x7f7f7f7f7f7f7f7f)) (local.get $y)) (i64.const -1))
             (i64.const 0x8080808080808080)))
  (func (export "starts") (param $n i32) (result i32)
    (local $k i32) (local $c i32) (local $lt i64)
    (block $words
      (loop $w
        (br_if $words (i32.gt_s (i32.add (local.get $k) (i32.const 8)) (local.get $n)))
        (local.set $lt (call $zeros (i64.xor (i64.load offset=81920 (local.get $k)) (i64.const 0x3c3c3c3c3c3c3c3c))))
        (local.set $c (i32.add (local.get $c) (i32.wrap_i64 (i64.popcnt (i64.and (local.get $lt)
          (i64.xor (call $zeros (i64.xor (i64.load offset=81921 (local.get $k)) (i64.const 0x2f2f2f2f2f2f2f2f))) (i64.const -1)))))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $w)))
    (block $bytes
      (loop $b
        (br_if $bytes (i32.ge_s (local.get $k) (local.get $n)))
        (if (i32.and (i32.eq (i32.load8_u offset=81920 (local.get $k)) (i32.const 60)) (i32.ne (i32.load8_u offset=81921 (local.get $k)) (i32.const 47)))
          (then (local.set $c (i32.add (local.get $c) (i32.const 1)))))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $b)))
    (local.get $c))

  ;; Reads the root element from $start (its "<", in bytes and code units alike: the body before it
  ;; is ASCII) of the body's $n bytes of UTF-8 at 81920 (a "<" after them). Returns the number of nodes written to the table at $table, with $end after the root;
  ;; -1 for a name not in the table, -2 for a limit or the table's room, -3 for anything else.
  (func (export "scan") (param $start i32) (param $n i32) (param $tab i32) (param $capacity i32)
        (param $maxDepth i32) (param $maxItems i32) (param $maxNodes i32) (param $maxName i32) (result i32)
    (local $i i32) (local $d i32) (local $nodes i32) (local $j i32) (local $h i32) (local $b i32)
    (local $e i32) (local $len i32) (local $id i32) (local $slot i32) (local $lvl i32) (local $node i32)
    (local $k i32) (local $ps i32) (local $self i32) (local $prev i32) (local $parent i32) (local $items i32)
    ;; Bytes read less UTF-16 code units read: a character past ASCII is 2 to 4 bytes, 1 or 2 units.
    (local $delta i32) (local $units i32)
    (local $v v128) (local $SPACE1 v128) (local $SLASH v128) (local $LESS v128) (local $FOUR v128)
    (local $MORE v128) (local $NUL v128) (local $SPACE v128) (local $TAB v128) (local $LF v128) (local $CR v128)
    (local.set $SPACE1 (i8x16.splat (i32.const 33)))
    (local.set $SLASH (i8x16.splat (i32.const 47)))
    (local.set $LESS (i8x16.splat (i32.const 60)))
    (local.set $FOUR (i8x16.splat (i32.const 4)))
    (local.set $MORE (i8x16.splat (i32.const 62)))
    (local.set $NUL (i8x16.splat (i32.const 0)))
    (local.set $SPACE (i8x16.splat (i32.const 32)))
    (local.set $TAB (i8x16.splat (i32.const 9)))
    (local.set $LF (i8x16.splat (i32.const 10)))
    (local.set $CR (i8x16.splat (i32.const 13)))
    (global.set $table (local.get $tab))
    (global.set $cap (local.get $capacity))
    (global.set $count (i32.const 0))
    (local.set $i (local.get $start))
    (block $finish
      (loop $tag
        (if (i32.eq (i32.load8_u offset=81921 (local.get $i)) (i32.const 47))
          (then
            ;; An end tag: </ and the open element's name and >.
            (if (i32.eqz (local.get $d)) (then (return (i32.const -3))))
            (local.set $lvl (i32.add (i32.const 65536) (i32.shl (i32.sub (local.get $d) (i32.const 1)) (i32.const 6))))
            (local.set $len (i32.load offset=4 (local.get $lvl)))
            (local.set $e (i32.add (i32.add (local.get $i) (i32.const 2)) (local.get $len)))
            (if (i32.ge_s (local.get $e) (local.get $n)) (then (return (i32.const -3))))
            (if (i32.ne (i32.load8_u offset=81920 (local.get $e)) (i32.const 62)) (then (return (i32.const -3))))
            (if (i32.eqz (call $eq (i32.add (i32.const 81922) (local.get $i)) (i32.add (i32.const 81920) (i32.load (local.get $lvl))) (local.get $len)))
              (then (return (i32.const -3))))
            (local.set $ps (i32.load offset=20 (local.get $lvl)))
            (if (i32.ge_s (local.get $ps) (i32.const 0))
              (then
                (local.set $node (i32.load offset=8 (local.get $lvl)))
                (if (i32.lt_s (i32.load offset=12 (local.get $lvl)) (i32.const 0))
                  (then (i32.store offset=4 (i32.add (global.get $table) (i32.mul (local.get $node) (i32.const 12))) (i32.load offset=32 (local.get $lvl))))
                  (else
                    (if (i32.eqz (i32.and (i32.load offset=28 (local.get $lvl))
                                          (call $blank (i32.add (i32.const 81920) (local.get $ps)) (i32.add (i32.const 81920) (i32.load offset=24 (local.get $lvl))))))
                      (then
                        (local.set $nodes (i32.add (local.get $nodes) (i32.const 1)))
                        (if (i32.gt_s (local.get $nodes) (local.get $maxNodes)) (then (return (i32.const -2))))
                        (if (i32.lt_s (call $add (i32.const -1) (i32.load offset=32 (local.get $lvl)) (i32.load offset=12 (local.get $lvl)) (local.get $node)) (i32.const 0))
                          (then (return (i32.const -2))))))))))
            (local.set $d (i32.sub (local.get $d) (i32.const 1)))
            (local.set $i (i32.add (local.get $e) (i32.const 1)))
            (br_if $finish (i32.eqz (local.get $d))))
          (else
            ;; A start tag: a name the table holds, white space, then > or />.
            (local.set $j (i32.add (local.get $i) (i32.const 1)))
            ;; The name ends at the first byte up to " " (white space, or a control character,
            ;; which the checks after the name refuse), "/", or "<" "=" ">" "?" (60 to 63):
            ;; sixteen bytes looked at a time. The "<" after the body stops it there.
            (block $nameEnd
              (loop $nm
                (local.set $v (v128.load offset=81920 (local.get $j)))
                (local.set $b (i8x16.bitmask (v128.or
                  (v128.or (i8x16.lt_u (local.get $v) (local.get $SPACE1)) (i8x16.eq (local.get $v) (local.get $SLASH)))
                  (i8x16.lt_u (i8x16.sub (local.get $v) (local.get $LESS)) (local.get $FOUR)))))
                (if (local.get $b) (then (local.set $j (i32.add (local.get $j) (i32.ctz (local.get $b)))) (br $nameEnd)))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $nm)))
            (if (i32.ge_s (local.get $j) (local.get $n)) (then (return (i32.const -3))))
            (local.set $len (i32.sub (local.get $j) (i32.add (local.get $i) (i32.const 1))))
            (if (i32.gt_s (local.get $len) (local.get $maxName)) (then (return (i32.const -2))))
            (local.set $h (call $nameHash (i32.add (i32.const 81921) (local.get $i)) (local.get $len)))
            (local.set $slot (i32.and (local.get $h) (i32.const 2047)))
            (block $found
              (loop $probe
                (local.set $e (i32.load (i32.shl (local.get $slot) (i32.const 2))))
                (if (i32.eqz (local.get $e)) (then (return (i32.const -1))))
                (if (i32.eq (i32.load offset=4 (local.get $e)) (local.get $len))
                  (then (if (call $eq (i32.add (local.get $e) (i32.const 8)) (i32.add (i32.const 81921) (local.get $i)) (local.get $len))
                    (then (local.set $id (i32.load (local.get $e))) (br $found)))))
                (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (i32.const 2047)))
                (br $probe)))
            (if (i32.ge_s (local.get $d) (local.get $maxDepth)) (then (return (i32.const -2))))
            (local.set $nodes (i32.add (local.get $nodes) (i32.const 1)))
            (if (i32.gt_s (local.get $nodes) (local.get $maxNodes)) (then (return (i32.const -2))))
            (local.set $prev (i32.const -1))
            (local.set $parent (i32.const -1))
            (if (i32.gt_s (local.get $d) (i32.const 0))
              (then
                (local.set $lvl (i32.add (i32.const 65536) (i32.shl (i32.sub (local.get $d) (i32.const 1)) (i32.const 6))))
                (local.set $items (i32.add (i32.load offset=16 (local.get $lvl)) (i32.const 1)))
                (if (i32.gt_s (local.get $items) (local.get $maxItems)) (then (return (i32.const -2))))
                (i32.store offset=16 (local.get $lvl) (local.get $items))
                (local.set $parent (i32.load offset=8 (local.get $lvl)))
                ;; Text before it: dropped when white space, else a text node (beside elements).
                (local.set $ps (i32.load offset=20 (local.get $lvl)))
                (if (i32.ge_s (local.get $ps) (i32.const 0))
                  (then
                    (i32.store offset=20 (local.get $lvl) (i32.const -1))
                    (if (i32.eqz (call $blank (i32.add (i32.const 81920) (local.get $ps)) (i32.add (i32.const 81920) (i32.load offset=24 (local.get $lvl)))))
                      (then
                        (local.set $nodes (i32.add (local.get $nodes) (i32.const 1)))
                        (if (i32.gt_s (local.get $nodes) (local.get $maxNodes)) (then (return (i32.const -2))))
                        (local.set $k (call $add (i32.const -1) (i32.load offset=32 (local.get $lvl)) (i32.load offset=12 (local.get $lvl)) (local.get $parent)))
                        (if (i32.lt_s (local.get $k) (i32.const 0)) (then (return (i32.const -2))))
                        (i32.store offset=12 (local.get $lvl) (local.get $k))))))
                (local.set $prev (i32.load offset=12 (local.get $lvl)))))
            ;; White space, then > or />.
            (local.set $k (local.get $j))
            (block $spaced
              (loop $sp
                (local.set $b (i32.load8_u offset=81920 (local.get $k)))
                (br_if $spaced (i32.eqz (i32.or (i32.or (i32.eq (local.get $b) (i32.const 32)) (i32.eq (local.get $b) (i32.const 10)))
                                                (i32.or (i32.eq (local.get $b) (i32.const 9)) (i32.eq (local.get $b) (i32.const 13))))))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (br $sp)))
            (local.set $self (i32.const 0))
            (if (i32.eq (local.get $b) (i32.const 62))
              (then (local.set $e (i32.add (local.get $k) (i32.const 1))))
              (else
                (if (i32.and (i32.eq (local.get $b) (i32.const 47)) (i32.eq (i32.load8_u offset=81921 (local.get $k)) (i32.const 62)))
                  (then (local.set $self (i32.const 1)) (local.set $e (i32.add (local.get $k) (i32.const 2))))
                  (else (return (i32.const -3))))))
            (if (i32.gt_s (local.get $e) (local.get $n)) (then (return (i32.const -3))))
            (local.set $node (call $add (i32.shl (local.get $id) (i32.const 1)) (i32.const -1) (local.get $prev) (local.get $parent)))
            (if (i32.lt_s (local.get $node) (i32.const 0)) (then (return (i32.const -2))))
            (if (i32.gt_s (local.get $d) (i32.const 0))
              (then
                (i32.store offset=12 (local.get $lvl) (local.get $node))
                (i32.store offset=28 (local.get $lvl) (i32.const 1))))
            (if (i32.eqz (local.get $self))
              (then
                (if (i32.ge_s (local.get $d) (i32.const 256)) (then (return (i32.const -2))))
                (local.set $lvl (i32.add (i32.const 65536) (i32.shl (local.get $d) (i32.const 6))))
                (i32.store (local.get $lvl) (i32.add (local.get $i) (i32.const 1)))
                (i32.store offset=4 (local.get $lvl) (local.get $len))
                (i32.store offset=8 (local.get $lvl) (local.get $node))
                (i32.store offset=12 (local.get $lvl) (i32.const -1))
                (i32.store offset=16 (local.get $lvl) (i32.const 0))
                (i32.store offset=20 (local.get $lvl) (i32.const -1))
                (i32.store offset=24 (local.get $lvl) (i32.const -1))
                (i32.store offset=28 (local.get $lvl) (i32.const 0))
                (local.set $d (i32.add (local.get $d) (i32.const 1)))))
            (local.set $i (local.get $e))
            (br_if $finish (i32.eqz (local.get $d)))))
        ;; Text up to the next <: white space four bytes at a time, then sixteen bytes at a time to
        ;; the next byte that needs a look, which is looked at alone; ]]> and characters XML refuses
        ;; stop the scan. (Side by side with the byte at a time loop, scanRoot on the seed took 0.93
        ;; to 0.97 times as long.)
        (local.set $units (i32.sub (local.get $i) (local.get $delta)))
        (local.set $k (local.get $i))
        (block $spaces
          (loop $sp4
            (br_if $spaces (i32.ne (i32.load offset=81920 (local.get $k)) (i32.const 0x20202020)))
            (local.set $k (i32.add (local.get $k) (i32.const 4)))
            (br $sp4)))
        (block $lt
          (loop $tx
            ;; Sixteen bytes at a time up to the first that needs a look: "<", ">", a control
            ;; character other than tab, line feed and carriage return, or a byte past ASCII.
            (local.set $v (v128.load offset=81920 (local.get $k)))
            (local.set $b (i8x16.bitmask (v128.or
              (v128.or (i8x16.eq (local.get $v) (local.get $LESS)) (i8x16.eq (local.get $v) (local.get $MORE)))
              (v128.or (i8x16.lt_s (local.get $v) (local.get $NUL))
                (v128.andnot (i8x16.lt_u (local.get $v) (local.get $SPACE))
                  (v128.or (i8x16.eq (local.get $v) (local.get $TAB))
                    (v128.or (i8x16.eq (local.get $v) (local.get $LF)) (i8x16.eq (local.get $v) (local.get $CR)))))))))
            (if (i32.eqz (local.get $b)) (then (local.set $k (i32.add (local.get $k) (i32.const 16))) (br $tx)))
            (local.set $k (i32.add (local.get $k) (i32.ctz (local.get $b))))
            (local.set $b (i32.load8_u offset=81920 (local.get $k)))
            (br_if $lt (i32.eq (local.get $b) (i32.const 60)))
            (if (i32.lt_u (local.get $b) (i32.const 63))
              (then
                (if (i32.eq (local.get $b) (i32.const 62))
                  (then (if (i32.and (i32.ge_s (i32.sub (local.get $k) (i32.const 2)) (local.get $i))
                                     (i32.eq (i32.load16_u offset=81918 (local.get $k)) (i32.const 0x5d5d)))
                    (then (return (i32.const -3))))))
                (if (i32.lt_u (local.get $b) (i32.const 32))
                  (then (if (i32.eqz (i32.or (i32.or (i32.eq (local.get $b) (i32.const 9)) (i32.eq (local.get $b) (i32.const 10))) (i32.eq (local.get $b) (i32.const 13))))
                    (then (return (i32.const -3)))))))
              (else (if (i32.ge_u (local.get $b) (i32.const 128))
                ;; A continuation byte is no code unit; a 4-byte character's first byte is two.
                (then (local.set $delta (i32.sub (i32.add (local.get $delta) (i32.eq (i32.and (local.get $b) (i32.const 0xc0)) (i32.const 0x80)))
                                                 (i32.ge_u (local.get $b) (i32.const 0xf0))))))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $tx)))
        (if (i32.ge_s (local.get $k) (local.get $n)) (then (return (i32.const -3))))
        (if (i32.gt_s (local.get $k) (local.get $i))
          (then
            (local.set $lvl (i32.add (i32.const 65536) (i32.shl (i32.sub (local.get $d) (i32.const 1)) (i32.const 6))))
            (i32.store offset=20 (local.get $lvl) (local.get $i))
            (i32.store offset=24 (local.get $lvl) (local.get $k))
            (i32.store offset=32 (local.get $lvl) (local.get $units))))
        (local.set $i (local.get $k))
        (br $tag)))
    (global.set $end (i32.sub (local.get $i) (local.get $delta)))
    (global.get $count))
)

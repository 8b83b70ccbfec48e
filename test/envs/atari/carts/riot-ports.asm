; riot-ports: the I/O ports with every pin an input, as the test's input script drives them (joysticks on SWCHA,
; console switches on SWCHB). Per frame: $81 SWCHA, $82 SWCHB; $83/$84 SWACNT/SWBCNT read back after writing
; frame-dependent patterns (then zero again); $85/$86 SWCHA/SWCHB after writing their output registers while the
; direction registers are zero (no effect); $87-$89 SWCHA at $380 (A8), SWCHB at $2A2 (A5) and at $2282 (A13);
; $90 + (f mod 16) and $A0 + (f mod 16) keep SWCHA and SWCHB of the last 16 frames.
        processor 6502
        include "bank-riot.inc"

        seg code
        org $F000
Start   CLEAR_RAM
Frame   NEXT_FRAME
        lda SWCHA
        sta $81
        lda SWCHB
        sta $82
        lda FRAMES
        eor #$5A
        sta SWACNT
        lda SWACNT
        sta $83
        lda FRAMES
        eor #$C3
        sta SWBCNT
        lda SWBCNT
        sta $84
        lda #0
        sta SWACNT
        sta SWBCNT
        sta SWCHA
        sta SWCHB
        lda SWCHA
        sta $85
        lda SWCHB
        sta $86
        lda $380
        sta $87
        lda $2A2
        sta $88
        lda $2282
        sta $89
        lda FRAMES
        and #15
        tax
        lda SWCHA
        sta $90,x
        lda SWCHB
        sta $A0,x
        jmp Frame

        org $FFFC
        .word Start
        .word Start

; oracle-frames: a 2K cart for checking the oracle driver (test/envs/atari/oracle.test.ts) and our machine.
; Frames of 262 scanlines (3 VSYNC, 37 VBLANK, 192 visible, 30 overscan). Each frame: $80 counts frames, $81 = SWCHA,
; $83 = INPT4; $82 and $85 = the RIOT timer read on cycles 3 and 274 after power-on; $84 = visible scanlines until
; paddle 0 charged (INPT0 bit 7; the dump is on during VBLANK); the background of visible line i is 192 - i.
        processor 6502
VSYNC   = $00
VBLANK  = $01
WSYNC   = $02
COLUBK  = $09
INPT0   = $08
INPT4   = $0C
SWCHA   = $280
INTIM   = $284

        seg code
        org $F800
Start:  lda INTIM
        sta $82
        sei
        cld
        ldx #$FF
        txs
        lda #0
        sta $80
        ldx #50             ; 249 cycles, then the timer again: INTIM is read on cycle 274 after power-on
Delay:  dex
        bne Delay
        lda INTIM
        sta $85
Frame:  lda #2
        sta VSYNC
        sta WSYNC
        sta WSYNC
        sta WSYNC
        lda #0
        sta VSYNC
        inc $80
        lda SWCHA
        sta $81
        lda INPT4
        sta $83
        lda #$82            ; VBLANK on, paddle capacitors dumped
        sta VBLANK
        ldx #37
Vblank: sta WSYNC
        dex
        bne Vblank
        lda #0              ; picture on, dump off: the paddles start charging
        sta VBLANK
        ldy #0
        ldx #192
Line:   stx COLUBK
        sta WSYNC
        bit INPT0
        bmi Charged
        iny
Charged: dex
        bne Line
        sty $84
        lda #2
        sta VBLANK
        ldx #30
Over:   sta WSYNC
        dex
        bne Over
        jmp Frame

        org $FFFC
        .word Start
        .word Start

; RESP0/RESP1/RESM0/RESM1/RESBL struck at every cycle over the frames: in horizontal blank (cycles 0-22, and up to
; cycle 25 on lines with an HMOVE blank), at the edge, and mid-line, also while the object is drawing a copy
; (stretched players, wide missiles and ball).
; RAM: frame counter.
        include "tia.inc"
start   CLEAN_START
main    VSYNC3
        lda #$AA
        sta GRP0
        lda #$F1
        sta GRP1
        lda #$1E
        sta COLUP0
        lda #$86
        sta COLUP1
        lda #$C8
        sta COLUPF
        lda #2
        sta ENAM0
        sta ENAM1
        sta ENABL
        LINES 36
        lda #0
        sta VBLANK
        ldy #0
kernel  sta WSYNC                 ; line A: sizes and the slide for line B
        tya
        eor frame
        and #$37
        sta NUSIZ0
        sta CTRLPF
        eor #$25
        sta NUSIZ1
        STEP_SLIDE rs_sk
        tya
        and #3
        tax                       ; which reset register this step
        sta WSYNC                 ; line B: on odd steps HMOVE first (its blank widens horizontal blank to clock 75), then
        tya                       ; the reset at cycle d + 17 (or + 18)
        lsr
        bcc .nohm
        sta HMOVE
.nohm   SLIDE rs_sk
        lda rs_regs,x
        sta tmp
        ldx tmp
        sta $00,x                 ; RESP0 + (y & 3): RESP0, RESP1, RESM0, RESM1
        sta RESBL
        sta WSYNC                 ; lines C, D: the objects drawn at their new places
        sta WSYNC
        NEXT_STEP 48
        OVERSCAN

rs_regs .byte RESP0, RESP1, RESM0, RESM1
        VECTORS

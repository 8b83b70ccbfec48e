; VDELP0, VDELP1 and VDELBL: the old/new graphics registers (a GRP1 write copies GRP0 and ENABL to their old
; registers, a GRP0 write copies GRP1), delay bits switched on and off at every cycle over the frames, and the
; 48-pixel "six digit" sequence of GRP0/GRP1 writes. RAM: frame counter.
        include "tia.inc"
start   CLEAN_START
main    VSYNC3
        PLACE_BY_FRAME RESP0, 0, vd_s0
        lda frame
        and #63
        clc
        adc #8                    ; player 1 24 pixels further right
        sta d
        PLACE RESP1, d, vd_s1
        PLACE_BY_FRAME RESBL, $2C, vd_s2
        lda #$03                  ; three copies close, as six-digit displays do
        sta NUSIZ0
        sta NUSIZ1
        lda #$1E
        sta COLUP0
        lda #$86
        sta COLUP1
        lda #$C8
        sta COLUPF
        lda #$20
        sta CTRLPF
        LINES 27
        lda #0
        sta VBLANK
        ldy #0
kernel  sta WSYNC                 ; line A: delay bits and a first round of graphics
        tya
        eor frame
        sta VDELP0
        lsr
        sta VDELP1
        lsr
        sta VDELBL
        lda $F100,y
        sta GRP0
        lda $F140,y
        sta GRP1
        sta ENABL
        lda $F180,y
        sta GRP0
        STEP_SLIDE vd_sk
        sta WSYNC                 ; line B: the six-digit write sequence from cycle d + 10 on
        SLIDE vd_sk
        lda $F1C0,y
        sta GRP0
        lda $F200,y
        sta GRP1
        sta ENABL
        lda $F240,y
        sta GRP0
        lda $F280,y
        ldx $F2C0,y
        sta GRP1
        stx GRP0
        sty GRP1
        sty VDELBL
        sta WSYNC                 ; line C: what the registers hold now
        NEXT_STEP 48
        OVERSCAN

        VECTORS

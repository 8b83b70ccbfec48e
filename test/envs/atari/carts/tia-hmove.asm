; HMOVE: struck at every cycle of the line over the frames (the HMOVE blank when in horizontal blank, none late in the
; line, the motion clocks cut short in the visible part and the missiles' and ball's starfield effect), with every HMxx
; value, HMCLR, and repeated HMOVEs. RAM: frame counter.
        include "tia.inc"
start   CLEAN_START
main    VSYNC3
        PLACE_BY_FRAME RESP0, 0, hm_s0
        PLACE_BY_FRAME RESP1, $21, hm_s1
        lda #$55
        sta GRP0
        lda #$C3
        sta GRP1
        lda #$1E
        sta COLUP0
        lda #$86
        sta COLUP1
        lda #$44
        sta COLUPF
        lda frame
        sta NUSIZ0
        asl
        sta NUSIZ1
        sta CTRLPF
        lda #2
        sta ENAM0
        sta ENAM1
        sta ENABL
        LINES 27
        lda #0
        sta VBLANK
        ldy #0
kernel  sta WSYNC                 ; line A: motion values, a slide for line B
        lda $F100,y
        sta HMP0
        lda $F140,y
        sta HMP1
        lda $F180,y
        sta HMM0
        lda $F1C0,y
        sta HMM1
        lda $F200,y
        sta HMBL
        STEP_SLIDE hm_sk
        sta WSYNC                 ; line B: HMOVE at cycle d + 10 (into line C for large d)
        SLIDE hm_sk
        sta HMOVE
        tya
        and #7
        bne .one
        sta HMOVE                 ; sometimes a second HMOVE a few cycles later
        sta HMCLR
.one    sta WSYNC                 ; line C: the objects where they ended up
        sta WSYNC
        NEXT_STEP 44
        sta HMCLR
        OVERSCAN

        VECTORS

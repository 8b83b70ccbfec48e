; The playfield: PF0/PF1/PF2 in every CTRLPF mode (reflect, score, priority, ball sizes) under and over both players,
; their missiles and the ball; PF1/PF2/COLUPF rewritten mid-line at every cycle over the frames (asymmetric
; playfields), COLUBK changed mid-line. RAM: frame counter.
        include "tia.inc"
start   CLEAN_START
main    VSYNC3
        ; Vertical blank (37 lines): objects placed at frame-dependent cycles, their sizes and graphics.
        lda frame
        sta d
        PLACE RESP0, d, pf_s0
        lda frame
        asl
        and #63
        sta d
        PLACE RESP1, d, pf_s1
        PLACE_BY_FRAME RESBL, $2A, pf_s2
        lda frame
        sta NUSIZ0
        lsr
        lsr
        lsr
        sta NUSIZ1
        ldx frame
        lda $F100,x
        sta GRP0
        lda $F180,x
        sta GRP1
        lda #2
        sta ENAM0
        sta ENAM1
        sta ENABL
        LINES 27
        lda #0
        sta VBLANK
        ldy #0
        ; Kernel: 48 steps of three (or four) lines.
kernel  sta WSYNC                 ; line A: the modes and registers, written in the first half of the line
        tya
        lsr
        lsr
        eor frame
        sta CTRLPF
        lda $F100,y
        sta PF0
        lda $F200,y
        sta PF1
        lda $F300,y
        sta PF2
        lda $F400,y
        sta COLUPF
        eor #$3C
        sta COLUBK
        sta COLUP0
        eor #$F0
        sta COLUP1
        sta WSYNC                 ; line P: the next line's slide
        STEP_SLIDE pf_sk
        sta WSYNC                 ; line B: rewrites at cycle d + 14 on
        SLIDE pf_sk
        lda $F500,y
        sta PF1
        lda $F600,y
        sta PF2
        sta COLUPF
        sta COLUBK
        NEXT_STEP 48
        ; Overscan
        OVERSCAN

        VECTORS

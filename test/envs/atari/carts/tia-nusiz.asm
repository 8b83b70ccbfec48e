; NUSIZ: both players in all 8 copy/size settings with all 4 missile widths, reflected or not, and NUSIZ rewritten at
; every cycle of the line over the frames, including in the middle of a copy (the divider changes of a stretched
; player). RAM: frame counter.
        include "tia.inc"
start   CLEAN_START
main    VSYNC3
        PLACE_BY_FRAME RESP0, 0, nu_s0
        PLACE_BY_FRAME RESP1, $15, nu_s1
        PLACE_BY_FRAME RESM0, $33, nu_s2
        PLACE_BY_FRAME RESM1, $0F, nu_s3
        lda #$1E
        sta COLUP0
        lda #$86
        sta COLUP1
        lda #2
        sta ENAM0
        sta ENAM1
        LINES 25
        lda #0
        sta VBLANK
        ldy #0
kernel  sta WSYNC                 ; line A: the settings of this step
        tya
        eor frame
        sta NUSIZ0
        sta REFP1
        lsr
        lsr
        lsr
        sta NUSIZ1
        sta REFP0
        lda $F300,y
        sta GRP0
        lda $F340,y
        sta GRP1
        STEP_SLIDE nu_sk
        sta WSYNC                 ; line B: NUSIZ0 and NUSIZ1 change at cycle d + 10 and d + 13
        SLIDE nu_sk
        sty NUSIZ0
        stx NUSIZ1
        sta WSYNC                 ; line C: as it now stands
        inx
        NEXT_STEP 56
        OVERSCAN

        VECTORS

; RESMP0/RESMP1: missiles locked to their players (hidden while locked) and released at every cycle over the frames,
; for every player size, so each is dropped at its player's position; then moved with HMOVE. RAM: frame counter.
        include "tia.inc"
start   CLEAN_START
main    VSYNC3
        PLACE_BY_FRAME RESP0, 0, rm_s0
        PLACE_BY_FRAME RESP1, $1D, rm_s1
        lda #$1E
        sta COLUP0
        lda #$86
        sta COLUP1
        lda #2
        sta ENAM0
        sta ENAM1
        lda #$10
        sta HMM0
        lda #$F0
        sta HMM1
        LINES 30
        lda #0
        sta VBLANK
        ldy #0
kernel  sta WSYNC                 ; line A: player sizes, missiles locked
        sta HMOVE
        tya
        eor frame
        and #$37
        sta NUSIZ0
        eor #$12
        sta NUSIZ1
        lda $F100,y
        sta GRP0
        sta GRP1
        lda #2
        sta RESMP0
        sta RESMP1
        STEP_SLIDE rm_sk
        sta WSYNC                 ; line B: released at cycle d + 10 and d + 13
        SLIDE rm_sk
        lda #0
        sta RESMP0
        sta RESMP1
        sta WSYNC                 ; lines C, D: the missiles where they were dropped, moving
        sta WSYNC
        sta HMOVE
        NEXT_STEP 44
        OVERSCAN

        VECTORS

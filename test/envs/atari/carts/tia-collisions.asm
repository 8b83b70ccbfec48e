; Collisions: all six objects (two players, two missiles, the ball, the playfield) drawn over each other at positions
; that drift apart at different speeds (HMOVE every frame), so every one of the 15 pairs meets and parts over the
; frames; the 8 latch registers read mid-frame at every cycle of a line and at the frame's end, and CXCLR struck at
; every cycle. RAM: $90-$97 the latches at the frame's end, $98-$9F OR-ed over all frames, $A0-$A7 read mid-frame.
        include "tia.inc"
start   CLEAN_START
        lda #$10                  ; different speeds: each object moves by its own amount every frame
        sta HMP0
        lda #$F0
        sta HMP1
        lda #$20
        sta HMM0
        lda #$D0
        sta HMM1
        lda #$30
        sta HMBL
main    VSYNC3
        sta WSYNC
        sta HMOVE
        lda frame
        and #$37
        sta NUSIZ0
        eor #$25
        sta NUSIZ1
        lsr
        sta CTRLPF
        ldx frame
        lda $F100,x
        sta GRP0
        lda $F200,x
        sta GRP1
        lda #2
        sta ENAM0
        sta ENAM1
        sta ENABL
        lda #$1E
        sta COLUP0
        lda #$86
        sta COLUP1
        lda #$C8
        sta COLUPF
        LINES 34
        lda #0
        sta VBLANK
        ldy #0
kernel  sta WSYNC                 ; line A: a playfield pattern
        lda $F300,y
        sta PF0
        lda $F340,y
        sta PF1
        lda $F380,y
        sta PF2
        STEP_SLIDE cx_sk
        sta WSYNC                 ; line B: at cycle d + 11, a read of CXM0P + (y & 7), or CXCLR on every 16th step
        SLIDE cx_sk
        tya
        and #15
        beq .clear
        and #7
        tax
        lda $00,x
        sta $A0,x
        jmp .next
.clear  sta CXCLR
.next   sta WSYNC
        NEXT_STEP 64
        lda #2
        sta VBLANK
        ldx #7                    ; the latches at the frame's end
.read   lda $00,x
        sta $90,x
        ora $98,x
        sta $98,x
        dex
        bpl .read
        sta CXCLR
        LINES 30
        inc frame
        jmp main

        VECTORS

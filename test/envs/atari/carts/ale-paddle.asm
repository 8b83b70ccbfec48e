; ale-paddle: stands in for Breakout's RAM layout in the ALE environment's tests (test/envs/atari/ale-env.test.ts), to
; see the paddle the environment turns. Each frame: the paddle capacitors are dumped during VSYNC; from the end of
; VSYNC, 250 lines each read INPT0, and $80 counts the lines until its bit 7 (charged) shows, so that $80 grows with
; paddle 0's resistance. $81 holds SWCHA (paddle 0's button is bit 7). Breakout's bytes: mode $B2 = 0, lives $B9 = 3,
; score $CC/$CD = 0 (never a reward, never the end).
        processor 6502
VSYNC   = $00
VBLANK  = $01
WSYNC   = $02
INPT0   = $08
SWCHA   = $280

        seg code
        org $F000
reset   sei
        cld
        ldx #$FF
        txs
frame   lda #$82
        sta VBLANK          ; dump the paddle capacitors (bit 7)
        lda #2
        sta VSYNC
        sta WSYNC
        sta WSYNC
        sta WSYNC
        lda #0
        sta VSYNC
        sta VBLANK          ; the capacitors charge from here
        sta $80
        ldy #0              ; 1 once charged
        ldx #250
line    sta WSYNC
        tya
        bne next
        inc $80
        bit INPT0
        bpl next
        ldy #1
next    dex
        bne line
        lda SWCHA
        sta $81
        lda #0
        sta $B2
        sta $CC
        sta $CD
        lda #3
        sta $B9
        jmp frame

        org $FFFC
        .word reset
        .word reset

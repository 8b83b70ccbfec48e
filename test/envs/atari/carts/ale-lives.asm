; ale-lives: stands in for Breakout's RAM layout (a game with lives, FIRE and a score) in the vector env's tests
; (test/envs/atari/vector-env.test.ts), so that episodic life, FIRE on reset, no-op starts and reward clipping all
; act. Each frame: 3 lines of VSYNC, the game's logic, 250 coloured lines, 8 blank ones.
;   $B9  lives: 5 after power-on or while RESET is held; one lost each time $81 reaches 120; 0 ends the game
;   $CC/$CD  decimal score (Breakout's): +1 on each frame paddle 0's button (SWCHA bit 7) is held, -1 on a lost life
;   $B2  mode 0;  $80  frames;  $81  frames of this life, +1 a frame, +2 with the button held
; The picture shifts its colours with $80 every frame (so the maximum of two frames differs from both) and shows the
; score in the playfield.
        processor 6502
VSYNC   = $00
WSYNC   = $02
COLUPF  = $08
COLUBK  = $09
PF1     = $0E
PF2     = $0F
SWCHA   = $280
SWCHB   = $282

        seg code
        org $F000
reset   sei
        cld
        ldx #$FF
        txs
        jsr newgame
frame   lda #2
        sta VSYNC
        sta WSYNC
        sta WSYNC
        sta WSYNC
        lda #0
        sta VSYNC
        sta $B2
        inc $80
        lda SWCHB
        lsr                 ; carry = RESET switch (0 while held)
        bcs play
        jsr newgame
play    lda $B9
        beq draw            ; game over: nothing moves
        inc $81
        lda SWCHA
        bmi timer           ; bit 7 high: button up
        inc $81
        sed
        lda $CD
        clc
        adc #1
        sta $CD
        lda $CC
        adc #0
        and #$0F
        sta $CC
        cld
timer   lda $81
        cmp #120
        bcc draw
        lda #0
        sta $81
        dec $B9
        lda $CD
        beq draw            ; no point to lose below 0 (hundreds aside)
        sed
        sec
        sbc #1
        sta $CD
        cld
draw    ldx #0
line    sta WSYNC
        txa
        clc
        adc $80
        and #$FE
        sta COLUBK
        eor $CD
        sta COLUPF
        lda $CD
        sta PF1
        stx PF2
        inx
        cpx #250
        bne line
        lda #0
        sta PF1
        sta PF2
        sta COLUBK
        ldx #8
blank   sta WSYNC
        dex
        bne blank
        jmp frame

newgame lda #5
        sta $B9
        lda #0
        sta $CC
        sta $CD
        sta $81
        rts

        org $FFFC
        .word reset
        .word reset

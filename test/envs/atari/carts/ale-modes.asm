; ale-modes: stands in for Freeway's RAM layout in the ALE environment's tests (test/envs/atari/ale-env.test.ts), to
; check what the environment presses. Each frame: 3 lines of VSYNC, then 258 lines. RAM is never cleared (the
; environment's system reset keeps it, as ALE's does):
;   $80  the game mode, 0-7: +1 (mod 8) on each press of SELECT (Freeway's mode byte)
;   $81  frames RESET was held;  $82  frames;  $83 SWCHA;  $84 INPT4;  $85 SWCHB (as read this frame)
;   $86  SELECT held last frame (for the press edge)
;   $96  0 (Freeway ends the game when it reads 1)
;   $E7  Freeway's decimal score: 0 while RESET is held, +1 on each frame UP is held
        processor 6502
VSYNC   = $00
WSYNC   = $02
INPT4   = $0C
SWCHA   = $280
SWCHB   = $282

        seg code
        org $F000
reset   sei
        cld
        ldx #$FF
        txs
frame   lda #2
        sta VSYNC
        sta WSYNC
        sta WSYNC
        sta WSYNC
        lda #0
        sta VSYNC
        inc $82
        lda SWCHA
        sta $83
        lda INPT4
        sta $84
        lda SWCHB
        sta $85
        lsr                 ; carry = RESET switch (0 while held)
        bcs select
        inc $81
        lda #0
        sta $E7
select  lda $85
        and #2              ; SELECT reads 0 while held
        bne selup
        lda $86
        bne selheld
        lda $80
        clc
        adc #1
        and #7
        sta $80
selheld lda #1
        sta $86
        jmp score
selup   lda #0
        sta $86
score   lda #0
        sta $96
        lda $83
        and #$10            ; UP: bit 4 low
        bne draw
        sed
        lda $E7
        clc
        adc #1
        sta $E7
        cld
draw    ldx #200
lines1  sta WSYNC
        dex
        bne lines1
        ldx #58
lines2  sta WSYNC
        dex
        bne lines2
        jmp frame

        org $FFFC
        .word reset
        .word reset

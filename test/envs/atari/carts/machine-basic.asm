; machine-basic: the smallest frame loop, for the machine's own tests (test/envs/atari/machine.test.ts).
; Each frame: 3 lines of VSYNC, then 259 lines; counts frames in $80, copies SWCHA to $81, INPT4 to $82 and SWCHB to
; $83, and jams (opcode $02) while the console's SELECT switch is held.
        processor 6502
VSYNC   = $00
WSYNC   = $02
COLUBK  = $09
INPT4   = $0C
SWCHA   = $280
SWCHB   = $282

        seg code
        org $F000
reset   sei
        cld
        ldx #$FF
        txs
        lda #0
        sta $80
frame   lda #2
        sta VSYNC
        sta WSYNC
        sta WSYNC
        sta WSYNC
        lda #0
        sta VSYNC
        inc $80
        lda SWCHA
        sta $81
        lda INPT4
        sta $82
        lda SWCHB
        sta $83
        and #2
        bne draw
        .byte $02           ; JAM
draw    ldy #0
        ldx #200
lines1  sty COLUBK          ; a colour ramp: line n of the picture has colour 2n & $FF
        iny
        iny
        sta WSYNC
        dex
        bne lines1
        ldx #56
lines2  sta WSYNC
        dex
        bne lines2
        jmp frame

        org $FFFC
        .word reset
        .word reset

; bank-fe: Activision's FE, two 4 KiB banks with no hotspot: the cartridge watches the bus, and on the access after
; one to $01FE (a JSR or RTS with the stack at $FF) latches data bit 5: set selects bank 0 (code assembled at $Fxxx),
; clear bank 1 ($Dxxx). Power-on bank 0. The main loop runs in bank 0 at the top of the stack; subroutines in bank 1.
; RAM: $81 bank 0's id read at power-on; per frame: $82/$83 a bank-1 routine's immediate and bank-1 data read;
; $84 bank 0's id after the RTS; $85/$86 around a nested call inside bank 1 (the stack is lower: no switch); $87-$8A
; a bank-1 table at $D900; $8B-$8E the same offsets read at $F900 while bank 1 is latched (bank 1's bytes on
; hardware and in 6502.ts; ALE's Stella picks the bank from A13 of each address and would read bank 0's); $8F the
; frame number plus one, computed in bank 1; $C5 counts down (the JSR $D000 / DEC $C5 that detection looks for).
        processor 6502
        include "bank-riot.inc"

        seg code
        org $0000
        rorg $F000
Start   CLEAR_RAM
        lda BankId0
        sta $81
Frame   NEXT_FRAME
        jsr $D000
        dec $C5
        lda BankId0
        sta $84
        jsr Nested
        jsr Tables
        ldy FRAMES
        jsr PlusOne
        sty $8F
        jmp Frame
BankId0 .byte $00
        ds $F900 - ., $EA
        .byte $F0, $F1, $F2, $F3
        ds $FFFC - ., $EA
        .word Start
        .word Start

        org $1000
        rorg $D000
        lda #1                  ; $D000
        sta $82
        lda BankId1
        sta $83
        rts
Nested  lda #$11
        sta $85
        jsr Inner
        sta $86
        rts
Inner   lda #$12
        rts
Tables  ldx #3
.loop   lda $D900,x
        sta $87,x
        lda $F900,x
        sta $8B,x
        dex
        bpl .loop
        rts
PlusOne iny
        rts
BankId1 .byte $01
        ds $D900 - ., $EA
        .byte $D0, $D1, $D2, $D3
        ds $DFFC - ., $EA
        .word $D000
        .word $D000

; bank-4k: a 4K cartridge fills $1000-$1FFF (four 1 KiB quarters, each with its own 4-byte table) and shows at
; every A13-A15 mirror. Each frame reads the four tables through eight paths, plain and mirrored ($81-$A0, 4 bytes
; each), the start index rotated by the frame number, then writes to the ROM, which must change nothing ($B1-$B4).
        processor 6502
        include "bank-riot.inc"

        seg code
        org $F000
Start   CLEAR_RAM
Frame   NEXT_FRAME
        lda FRAMES
        and #3
        tay
        ldx #0
Quarter lda $1000+[Table0 & $FFF],y
        sta $81,x
        lda $1400+[Table1 & $3FF],y
        sta $85,x
        lda $5800+[Table2 & $3FF],y
        sta $89,x
        lda $BC00+[Table3 & $3FF],y
        sta $8D,x
        lda Table0,y
        sta $91,x
        lda Table1,y
        sta $95,x
        lda $3000+[Table2 & $FFF],y
        sta $99,x
        lda $7000+[Table3 & $FFF],y
        sta $9D,x
        iny
        tya
        and #3
        tay
        inx
        cpx #4
        bne Quarter
        ldx #3
Write   txa
        sta Table2,x            ; a ROM write: ignored
        lda Table2,x
        sta $B1,x
        dex
        bpl Write
        jmp Frame

Table0  .byte $10, $11, $12, $13

        org $F400
Table1  .byte $20, $21, $22, $23
        org $F800
Table2  .byte $30, $31, $32, $33
        org $FC00
Table3  .byte $40, $41, $42, $43

        org $FFFC
        .word Start
        .word Start

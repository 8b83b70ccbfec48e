; bank-2k: a 2K cartridge shows its 2 KiB twice in $1000-$1FFF, and at every A13-A15 mirror of that.
; Each frame reads an 8-byte table through six mirrors (RAM $81-$B0: 8 bytes per mirror, in the order of MIRRORS
; below), with the start index rotated by the frame number, and writes to the ROM, which must change nothing
; ($B1-$B8: the table through $1000 again after writing to it).
        processor 6502
        include "bank-riot.inc"

OFFSET  = Table & $07FF

        seg code
        org $F800
Start   CLEAR_RAM
Frame   NEXT_FRAME
        lda FRAMES
        and #7
        tay                     ; Y = first table index this frame
        ldx #0
Mirrors lda $1000+OFFSET,y
        sta $81,x
        lda $1800+OFFSET,y
        sta $89,x
        lda $3000+OFFSET,y
        sta $91,x
        lda $5800+OFFSET,y
        sta $99,x
        lda $D000+OFFSET,y
        sta $A1,x
        lda $F800+OFFSET,y
        sta $A9,x
        iny
        tya
        and #7
        tay
        inx
        cpx #8
        bne Mirrors
        ldx #7
Write   txa
        sta $1000+OFFSET,x      ; a ROM write: ignored
        sta $1800+OFFSET,x
        lda $1000+OFFSET,x
        sta $B1,x
        dex
        bpl Write
        jmp Frame

Table   .byte $11, $22, $33, $44, $55, $66, $77, $88

        org $FFFC
        .word Start
        .word Start

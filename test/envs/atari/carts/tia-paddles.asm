; Paddles (INPT0-INPT3): VBLANK bit 7 dumps the capacitors; from the write that ends the dump, a loop of 11 cycles
; counts the reads of paddle (frame & 3) until its bit 7 sets (ALE's model: after 1.6 * R * 0.01 uF * 1.19 MHz cycles),
; or 2048 reads (no paddle attached).
; RAM: $90-$97 the last count of each paddle (low, high byte), $98-$9B the ports read while dumped.
        include "tia.inc"
count   = $86

start   CLEAN_START
main    VSYNC3                    ; VBLANK = %10000010: blank, capacitors dumped
        ldx #3                    ; while dumped every port reads bit 7 = 0
.dumped lda INPT0,x
        sta $98,x
        dex
        bpl .dumped
        LINES 8
        lda frame
        and #3
        tax
        lda #0
        sta count+1
        sta WSYNC
        lda #%00000010            ; the dump ends (the picture stays blank)
        sta VBLANK
        ldy #0
.loop   lda INPT0,x               ; 4 cycles, read on the last
        bmi .done                 ; 2
        iny                       ; 2
        bne .loop                 ; 3
        inc count+1               ; every 256 reads 14 cycles more
        lda count+1
        cmp #8                    ; no paddle (or a dump that never ends): give up after 2048 reads
        beq .done
        jmp .loop
.done   txa
        asl
        tax
        tya
        sta $90,x
        lda count+1
        sta $91,x
        sta WSYNC
        lda #%10000010            ; dump again for the next frame
        sta VBLANK
        LINES 20
        inc frame
        jmp main

        VECTORS

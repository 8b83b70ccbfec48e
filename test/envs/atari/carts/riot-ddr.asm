; riot-ddr: what 6502.ts and ALE do not model, checked against the hardware's rules in the test (riot.test.ts):
; pins made outputs by the direction registers, and the PA7 edge flag (TIMINT bit 6).
; SWCHA pin = (output | ~SWACNT) & input (a pushed joystick switch pulls the pin low whatever the RIOT drives);
; SWCHB pin = output where SWBCNT is 1, else the switch.
; Per frame: $81 SWCHA with SWACNT $F0 / output $A0; $82 with SWACNT $0F / output $05; $83 with SWACNT $FF /
; output $5A; $84 SWCHB with SWBCNT $FF / output $C3; $85 with SWBCNT $0F / output $05; $86 SWCHB with SWBCNT 0;
; $87/$88 SWACNT/SWBCNT as written last ($00). PA7: $89 = TIMINT & $40 at the frame's start (an edge of the input
; since the last read, with the polarity set in the frame before), $8A the same right after (cleared by the read);
; then the polarity for this frame is chosen (rising on odd frames, by writing $285, else falling, $284); PA7 is
; driven low by the $83 step ($8B = TIMINT & $40 after), then released to the input ($8C after).
        processor 6502
        include "bank-riot.inc"

        seg code
        org $F000
Start   CLEAR_RAM
Frame   NEXT_FRAME
        lda TIMINT
        and #$40
        sta $89
        lda TIMINT
        and #$40
        sta $8A
        lda FRAMES
        and #1
        tax
        sta $284,x              ; edge-detect control: A0 = 1 rising
        lda #$A0                ; (each output register and direction register written in the order that
        sta SWCHA               ; keeps PA7 at the input until the pin is driven low on purpose)
        lda #$F0
        sta SWACNT
        lda SWCHA
        sta $81
        lda #$0F
        sta SWACNT
        lda #$05
        sta SWCHA
        lda SWCHA
        sta $82
        lda #$5A
        sta SWCHA
        lda #$FF                ; PA7 driven low
        sta SWACNT
        lda SWCHA
        sta $83
        lda #$FF
        sta SWBCNT
        lda #$C3
        sta SWCHB
        lda SWCHB
        sta $84
        lda #$0F
        sta SWBCNT
        lda #$05
        sta SWCHB
        lda SWCHB
        sta $85
        lda #0
        sta SWBCNT
        lda SWCHB
        sta $86
        lda #$80                ; PA7 alone an output, still low
        sta SWACNT
        lda #$00
        sta SWCHA
        lda TIMINT
        and #$40
        sta $8B
        lda #$80                ; driven high: the pin follows the input again
        sta SWCHA
        lda TIMINT
        and #$40
        sta $8C
        lda #0
        sta SWACNT
        lda SWACNT
        sta $87
        lda SWBCNT
        sta $88
        jmp Frame

        org $FFFC
        .word Start
        .word Start

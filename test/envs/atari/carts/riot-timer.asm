; riot-timer: the interval timer read at exact cycles. Each frame takes one window of WINDOWS (frame number mod 14):
; an interval, a value V and 16 consecutive delays D = D0 .. D0+15. For each delay it writes V to the interval's
; register on cycle w (the last cycle of STA abs) and then reads
;   r0 = TIMINT on cycle w+D, r1 = INTIM on w+D+8 (which clears the timer flag unless the timer wrapped on that very
;   cycle), r2 = TIMINT on w+D+16, r3 = INTIM on w+D+26+5*K2 (counting once per cycle, or once per interval again?)
; into $90 + 4m (m = 0..15). The windows straddle the count boundaries, the underflow (V*interval + 1 cycles after
; the write, where INTIM turns $FF and the flag rises), the per-cycle count past 0 and the interval phase after a read.
; The delay is a countdown loop of 5K-1 cycles plus a slide into `cmp #`s of 3..7 cycles (S+3): D = 5K + S + 17.
; Before the windows ($D0-$DB): the same registers at mirror addresses and with the interrupt-enable bit (A3), a write
; clearing a raised flag, and an INTIM read on the wrap cycle keeping it. At power-on: $8B = INTIM read on cycle 3,
; $8C = INTIM and $8D = TIMINT read after clearing the RAM (ALE's power-on timer: 25 + rng % 75, interval 64).
        processor 6502
        include "bank-riot.inc"

WINDOW  = $81
K       = $82
S       = $83
K2      = $84
VALUE   = $85
SLIDEP  = $86           ; and $87
WRITEP  = $88           ; and $89
M       = $8A

        seg code
        org $F000
Start   ldy INTIM
        CLEAR_RAM
        sty $8B
        lda INTIM
        sta $8C
        lda TIMINT
        sta $8D
        lda #>Slide
        sta SLIDEP + 1
Frame   NEXT_FRAME
        jsr Misc
        ; the window: FRAMES mod 14
        lda FRAMES
.mod    cmp #14
        bcc .got
        sbc #14
        bcs .mod
.got    sta WINDOW
        asl
        asl
        adc WINDOW              ; 5 bytes a window
        tay
        lda Windows,y
        asl
        tax
        lda Writers,x
        sta WRITEP
        lda Writers + 1,x
        sta WRITEP + 1
        lda Windows + 1,y
        sta VALUE
        lda Windows + 2,y
        sta K
        lda Windows + 3,y
        sta S
        lda Windows + 4,y
        sta K2
        lda #0
        sta M
        ldx #0
Measure lda #<[Slide + 4]
        sec
        sbc S
        sta SLIDEP
        lda VALUE
        jmp (WRITEP)
W1      sta TIM1T
        jmp Probe
W8      sta TIM8T
        jmp Probe
W64     sta TIM64T
        jmp Probe
W1024   sta T1024T
        jmp Probe
Probe   ldy K
.coarse dey
        bne .coarse
        jmp (SLIDEP)
Slide   .byte $C9, $C9, $C9, $C9, $C5, $EA
        lda TIMINT
        sta $90,x
        lda INTIM
        sta $91,x
        lda TIMINT
        sta $92,x
        ldy K2
.late   dey
        bne .late
        lda INTIM
        sta $93,x
        inx
        inx
        inx
        inx
        inc S                   ; the next delay: one cycle more
        lda S
        cmp #5
        bne .same
        lda #0
        sta S
        inc K
.same   inc M
        lda M
        cmp #16
        bne Measure
        jmp Frame

; Mirrors, interrupt-enable addresses, flag clearing ($D0-$DB).
Misc    lda #5
        sta $29E                ; TIM64T with A3 (interrupt enable)
        lda $28C                ; INTIM with A3
        sta $D0
        lda $384                ; INTIM with A8
        sta $D1
        lda $A284               ; INTIM at A13-A15 mirror
        sta $D2
        lda #2
        sta $29C                ; TIM1T with A3
        nop
        nop
        nop
        lda $2A5                ; TIMINT with A5: raised
        sta $D3
        lda $2BC                ; INTIM (A5, A4, A3 set): clears it
        sta $D4
        lda TIMINT
        sta $D5
        lda #0
        sta TIM1T
        nop
        nop
        lda TIMINT              ; raised
        sta $D6
        lda #$40
        sta $2F6                ; TIM64T with A6, A5: clears the flag
        lda TIMINT
        sta $D7
        lda INTIM
        sta $D8
        lda #1
        sta TIM8T               ; wraps 9 cycles later
        bit $80
        nop
        lda INTIM               ; read on the wrap cycle: $FF, the flag stays
        sta $D9
        lda TIMINT
        sta $DA
        lda INTIM               ; now it clears
        lda TIMINT
        sta $DB
        rts

Writers .word W1, W8, W64, W1024

; interval (0-3: 1, 8, 64, 1024), V, K, S, K2; D0 = 5K + S + 17
Windows .byte 0, 30, 1, 0, 1            ; 1T: wrap at 31
        .byte 1, 4, 1, 0, 1             ; 8T: wrap at 33
        .byte 2, 1, 7, 3, 12            ; 64T: wrap at 65, D0 55
        .byte 3, 1, 199, 3, 1           ; 1024T: wrap at 1025, D0 1015
        .byte 1, 10, 1, 0, 1            ; 8T: counts at 25, 33, 41
        .byte 2, 10, 7, 3, 1            ; 64T: count at 65
        .byte 2, 10, 20, 2, 1           ; 64T: count at 129, D0 119
        .byte 3, 10, 199, 3, 1          ; 1024T: count at 1025
        .byte 0, 0, 45, 0, 1            ; 1T from 0: per cycle through $00 and past, D0 242
        .byte 1, 0, 1, 0, 3             ; 8T from 0: the interval phase after the clearing read
        .byte 3, 0, 1, 0, 200           ; 1024T from 0: the same, r3 past cycle 1025
        .byte 2, 2, 20, 2, 13           ; 64T: wrap at 129
        .byte 0, 255, 1, 0, 50          ; 1T from 255
        .byte 3, 255, 1, 0, 1           ; 1024T from 255

        org $FFFC
        .word Start
        .word Start

; bank-e0: Parker Brothers' E0, eight 1 KiB slices; $1FE0-$1FE7 / $1FE8-$1FEF / $1FF0-$1FFF pick the slice shown at
; $1000 / $1400 / $1800, and $1C00 always shows slice 7 (power-on: 4, 5, 6, as ALE's Stella). Slice n starts with
; `lda #n; rts` and holds the marker n * $11 + 1 at offset $3D0. The main code runs in slice 7.
; RAM: $81-$83 the slices called at $1000/$1400/$1800 at power-on; per frame, each segment through all eight
; hotspots: read (LDA abs,X, then a call into the segment: $84-$8B, $8C-$93, $94-$9B) and written (STA abs, slices
; descending, then the marker read through the segment: $9C-$A3, $A4-$AB, $AC-$B3); $B4-$B7 the four markers after
; the writes left slices 0/1/2; $B8-$BB the same after touching the non-hotspots $1FF8, $1FFB and $1FDF; $BC-$BE the
; slices called after selecting f, f+1, f+2 (mod 8; f = frame number) with STA abs,Y.
        processor 6502
        include "bank-riot.inc"

        seg code
SLICE   SET 0
        REPEAT 7
        org SLICE * $400
        rorg $F000
        lda #SLICE
        rts
        ds $F3D0 - ., $EA
        .byte SLICE * $11 + 1
        ds $F400 - ., $EA
SLICE   SET SLICE + 1
        REPEND

        org $1C00
        rorg $FC00
        lda #7
        rts
Start   CLEAR_RAM
        jsr $F000
        sta $81
        jsr $F400
        sta $82
        jsr $F800
        sta $83
Frame   NEXT_FRAME
        ldx #0
Read0   lda $1FE0,x
        jsr $F000
        sta $84,x
        inx
        cpx #8
        bne Read0
        ldx #0
Read1   lda $1FE8,x
        jsr $F400
        sta $8C,x
        inx
        cpx #8
        bne Read1
        ldx #0
Read2   lda $1FF0,x
        jsr $F800
        sta $94,x
        inx
        cpx #8
        bne Read2
N       SET 7
        REPEAT 8
        sta $1FE0 + N
        lda $F3D0
        sta $9C + 7 - N
        sta $1FE8 + N
        lda $F7D0
        sta $A4 + 7 - N
        sta $1FF0 + N
        lda $FBD0
        sta $AC + 7 - N
N       SET N - 1
        REPEND
        ldx #0
        jsr Markers
        lda $1FF8
        sta $1FFB
        lda $1FDF
        ldx #4
        jsr Markers
        lda FRAMES
        and #7
        tay
        sta $1FE0,y
        iny
        tya
        and #7
        tay
        sta $1FE8,y
        iny
        tya
        and #7
        tay
        sta $1FF0,y
        jsr $F000
        sta $BC
        jsr $F400
        sta $BD
        jsr $F800
        sta $BE
        jmp Frame

; The markers of the four segments to $B4+X..$B7+X.
Markers lda $F3D0
        sta $B4,x
        lda $F7D0
        sta $B5,x
        lda $FBD0
        sta $B6,x
        lda $FFD0
        sta $B7,x
        rts

        ds $FFD0 - ., $EA
        .byte 7 * $11 + 1
        ds $FFFC - ., $EA
        .word Start
        .word Start

#include "riot.h"

namespace hrl::atari {

namespace {
constexpr uint8_t kIntervalShift[4] = {0, 3, 6, 10};  // TIM1T, TIM8T, TIM64T, T1024T
}

void Riot::reset(uint64_t cycle, uint8_t timer_start) {
  next_ = cycle;
  timer_ = timer_start;
  shift_ = 6;
  prescale_ = 0;
  wrapped_now_ = false;
  flags_ = 0;
  timer_irq_ = pa7_irq_ = false;
  out_a_ = ddr_a_ = out_b_ = ddr_b_ = 0;
  edge_rising_ = false;
  pa7_ = pin_a() & 0x80;
}

void Riot::catch_up(uint64_t cycle) {
  if (cycle < next_) return;
  const uint64_t elapsed = cycle + 1 - next_;
  next_ = cycle + 1;
  const uint64_t start = prescale_;
  prescale_ = static_cast<uint16_t>((start + elapsed) & ((1u << shift_) - 1));
  wrapped_now_ = false;
  if (flags_ & kTimerFlag) {
    timer_ = static_cast<uint8_t>(timer_ - elapsed);
    return;
  }
  // The cycles that decrement are those entered with the prescaler at 0: the first of the `elapsed` ones if start
  // is 0, then every interval.
  const uint64_t counts = ((start + elapsed - 1) >> shift_) + (start == 0 ? 1 : 0);
  if (counts <= timer_) {
    timer_ = static_cast<uint8_t>(timer_ - counts);
    return;
  }
  // Underflow on the (timer_ + 1)-th of them; from there one count per cycle.
  const uint64_t first = start == 0 ? 1 : (1u << shift_) - start + 1;
  const uint64_t underflow = first + (static_cast<uint64_t>(timer_) << shift_);
  timer_ = static_cast<uint8_t>(0xFF - (elapsed - underflow));
  flags_ |= kTimerFlag;
  wrapped_now_ = elapsed == underflow;
}

void Riot::sample_pa7() {
  const bool level = pin_a() & 0x80;
  if (level != pa7_ && level == edge_rising_) flags_ |= kPa7Flag;
  pa7_ = level;
}

uint8_t Riot::read(uint16_t address, uint64_t cycle) {
  catch_up(cycle);
  sample_pa7();
  if (address & 0x04) {
    if (address & 0x01) {  // TIMINT
      const uint8_t v = flags_;
      flags_ &= ~kPa7Flag;
      return v;
    }
    timer_irq_ = address & 0x08;  // INTIM
    if (!wrapped_now_) flags_ &= ~kTimerFlag;
    return timer_;
  }
  switch (address & 0x03) {
    case 0: return pin_a();
    case 1: return ddr_a_;
    case 2: return static_cast<uint8_t>((out_b_ & ddr_b_) | (swchb_in & ~ddr_b_));
    default: return ddr_b_;
  }
}

void Riot::write(uint16_t address, uint8_t value, uint64_t cycle) {
  catch_up(cycle);
  sample_pa7();
  if (address & 0x04) {
    if (address & 0x10) {
      timer_ = value;
      shift_ = kIntervalShift[address & 0x03];
      prescale_ = 0;
      flags_ &= ~kTimerFlag;
      wrapped_now_ = false;
      timer_irq_ = address & 0x08;
    } else {
      edge_rising_ = address & 0x01;
      pa7_irq_ = address & 0x02;
    }
    return;
  }
  switch (address & 0x03) {
    case 0: out_a_ = value; break;
    case 1: ddr_a_ = value; break;
    case 2: out_b_ = value; break;
    default: ddr_b_ = value; break;
  }
  sample_pa7();  // a port A write can move the pin itself
}

void Riot::save(StateWriter& w) const {
  w.put(next_);
  w.put(timer_);
  w.put(shift_);
  w.put(prescale_);
  w.put(wrapped_now_);
  w.put(flags_);
  w.put(timer_irq_);
  w.put(pa7_irq_);
  w.put(out_a_);
  w.put(ddr_a_);
  w.put(out_b_);
  w.put(ddr_b_);
  w.put(edge_rising_);
  w.put(pa7_);
  w.put(swcha_in);
  w.put(swchb_in);
}

void Riot::load(StateReader& r) {
  Riot s = *this;
  s.next_ = r.get<uint64_t>();
  s.timer_ = r.get<uint8_t>();
  s.shift_ = r.get<uint8_t>();
  s.prescale_ = r.get<uint16_t>();
  s.wrapped_now_ = r.get<bool>();
  s.flags_ = r.get<uint8_t>();
  s.timer_irq_ = r.get<bool>();
  s.pa7_irq_ = r.get<bool>();
  s.out_a_ = r.get<uint8_t>();
  s.ddr_a_ = r.get<uint8_t>();
  s.out_b_ = r.get<uint8_t>();
  s.ddr_b_ = r.get<uint8_t>();
  s.edge_rising_ = r.get<bool>();
  s.pa7_ = r.get<bool>();
  s.swcha_in = r.get<uint8_t>();
  s.swchb_in = r.get<uint8_t>();
  const bool shift_ok = s.shift_ == 0 || s.shift_ == 3 || s.shift_ == 6 || s.shift_ == 10;
  if (!r.ok || !shift_ok || s.prescale_ >= (1u << s.shift_) || (s.flags_ & ~(kTimerFlag | kPa7Flag))) {
    r.ok = false;  // corrupt: leave this RIOT as it was
    return;
  }
  *this = s;
}

}  // namespace hrl::atari

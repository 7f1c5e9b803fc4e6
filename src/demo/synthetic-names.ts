/**
 * Name and place lists behind the synthetic customers. Surnames are ordered by how common they are
 * in the US (roughly), so a rank-weighted pick repeats the common ones the way a real customer list
 * does; the lists mix in accented, hyphenated and apostrophe names, which search must handle.
 */
import type { UsStateCode } from '../domain/us-states.ts';

// biome-ignore format: a table reads better packed than one entry per line
export const SURNAMES: readonly string[] = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodríguez', 'Martínez',
  'Hernández', 'López', 'González', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Pérez', 'Thompson', 'White', 'Harris', 'Sánchez', 'Clark', 'Ramírez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Gómez', 'Phillips', 'Evans', 'Turner', 'Díaz', 'Parker', 'Cruz', 'Edwards', 'Collins', 'Reyes',
  'Stewart', 'Morris', 'Morales', 'Murphy', 'Cook', 'Rogers', 'Gutiérrez', 'Ortiz', 'Morgan', 'Cooper',
  'Peterson', 'Bailey', 'Reed', 'Kelly', 'Howard', 'Ramos', 'Kim', 'Cox', 'Ward', 'Richardson',
  'Watson', 'Brooks', 'Chávez', 'Wood', 'James', 'Bennett', 'Gray', 'Mendoza', 'Ruiz', 'Hughes',
  'Price', 'Álvarez', 'Castillo', 'Sanders', 'Patel', 'Myers', 'Long', 'Ross', 'Foster', 'Jiménez',
  'Powell', 'Jenkins', 'Perry', 'Russell', 'Sullivan', 'Bell', 'Coleman', 'Butler', 'Henderson', 'Barnes',
  'Gonzales', 'Fisher', 'Vásquez', 'Simmons', 'Romero', 'Jordan', 'Patterson', 'Alexander', 'Hamilton', 'Graham',
  'Reynolds', 'Griffin', 'Wallace', 'Moreno', 'West', 'Cole', 'Hayes', 'Bryant', 'Herrera', 'Gibson',
  'Ellis', 'Tran', 'Medina', 'Aguilar', 'Stevens', 'Murray', 'Ford', 'Castro', 'Marshall', 'Owens',
  'Harrison', 'Fernández', 'McDonald', 'Woods', 'Washington', 'Kennedy', 'Wells', 'Vargas', 'Henry', 'Chen',
  'Freeman', 'Webb', 'Tucker', 'Guzmán', 'Burns', 'Crawford', 'Olson', 'Simpson', 'Porter', 'Hunter',
  'Gordon', 'Mendez', 'Silva', 'Shaw', 'Snyder', 'Mason', 'Dixon', 'Muñoz', 'Hunt', 'Hicks',
  'Holmes', 'Palmer', 'Wagner', 'Black', 'Robertson', 'Boyd', 'Rose', 'Stone', 'Salazar', 'Fox',
  'Warren', 'Mills', 'Meyer', 'Rice', 'Schmidt', 'García-López', 'Peña', 'Nuñez', "O'Brien", "O'Connor",
  'Nakamura', 'Tanaka', 'Wong', 'Park', 'Singh', 'Shah', 'Yamamoto', 'Le', 'Pham', 'Huang',
  "D'Angelo", 'McAllister', 'Smith-Jones', 'Fitzgerald', 'Kowalski', 'Nowak', 'Schröder', 'Müller', 'Dubois', 'Lefèvre',
  'Bergström', 'Øberg', 'Novák', 'Dvořák', 'Ibáñez', 'Cañas', 'Ortega-Ruiz', 'Vance', 'Whitfield', 'Ashworth',
  'Delacroix', 'St. James', 'MacLeod', 'Van der Berg', 'de la Cruz', 'Abernathy', 'Okafor', 'Adeyemi', 'Mensah', 'Haddad',
];

// biome-ignore format: a table reads better packed than one entry per line
export const FIRST_NAMES: readonly string[] = [
  'James', 'Mary', 'Michael', 'Patricia', 'Robert', 'Jennifer', 'John', 'Linda', 'David', 'Elizabeth',
  'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Karen', 'Christopher', 'Sarah',
  'Charles', 'Lisa', 'Daniel', 'Nancy', 'Matthew', 'Sandra', 'Anthony', 'Ashley', 'Mark', 'Emily',
  'Steven', 'Kimberly', 'Andrew', 'Betty', 'Joshua', 'Margaret', 'Kenneth', 'Donna', 'Kevin', 'Michelle',
  'Brian', 'Carol', 'Timothy', 'Amanda', 'Ronald', 'Melissa', 'Jason', 'Deborah', 'George', 'Stephanie',
  'Edward', 'Rebecca', 'Jeffrey', 'Laura', 'Ryan', 'Kathleen', 'Jacob', 'Amy', 'Nicholas', 'Samantha',
  'Gary', 'Angela', 'Eric', 'Katherine', 'Jonathan', 'Anna', 'Stephen', 'Nicole', 'Larry', 'Rachel',
  'Justin', 'Christina', 'Scott', 'Olivia', 'Brandon', 'Emma', 'Benjamin', 'Sophia', 'Samuel', 'Isabella',
  'José', 'María', 'Luis', 'Lucía', 'Jesús', 'Sofía', 'Ramón', 'Inés', 'Joaquín', 'Martín',
  'Héctor', 'Renée', 'André', 'Zoë', 'Chloé', 'Noémie', 'François', 'Anaïs', 'Björn', 'Søren',
  'Mary-Kate', 'Jean-Luc', 'Anne-Marie', 'Jean-Pierre', 'Juan', 'Carlos', 'Miguel', 'Alejandro', 'Gabriela', 'Valentina',
  'Wei', 'Mei', 'Hiroshi', 'Yuki', 'Minh', 'Linh', 'Priya', 'Arjun', 'Aisha', 'Omar',
  'Chidi', 'Amara', 'Kwame', 'Fatima', 'Liam', 'Noah', 'Ava', 'Mia', 'Ethan', 'Harper',
  'Logan', 'Evelyn', 'Lucas', 'Abigail', 'Mason', 'Ella', 'Aiden', 'Scarlett', 'Elijah', 'Grace',
  'Dakota', 'Skyler', 'Jordan', 'Taylor', 'Casey', 'Riley', 'Avery', 'Quinn', 'Rowan', 'Sage',
];

/** Nicknames a customer may prefer to be called by. */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  William: ['Bill', 'Will', 'Liam'],
  Robert: ['Bob', 'Rob', 'Bobby'],
  Elizabeth: ['Liz', 'Beth', 'Eliza'],
  Katherine: ['Kate', 'Kathy', 'Katie'],
  Kathleen: ['Kathy', 'Kat'],
  Michael: ['Mike', 'Mikey'],
  Jennifer: ['Jen', 'Jenny'],
  Christopher: ['Chris', 'Topher'],
  Margaret: ['Maggie', 'Peggy', 'Meg'],
  Richard: ['Rick', 'Rich', 'Dick'],
  James: ['Jim', 'Jimmy', 'Jamie'],
  Joseph: ['Joe', 'Joey'],
  Daniel: ['Dan', 'Danny'],
  Matthew: ['Matt'],
  Anthony: ['Tony'],
  Samantha: ['Sam', 'Sammy'],
  Alejandro: ['Alex', 'Ale'],
  José: ['Pepe'],
  Jesús: ['Chuy'],
  Rebecca: ['Becky', 'Becca'],
  Patricia: ['Patty', 'Trish'],
  Nicholas: ['Nick'],
  Benjamin: ['Ben'],
  Timothy: ['Tim'],
};

export interface Locality {
  city: string;
  state: UsStateCode;
  postalCodes: readonly string[];
  /** Area codes of the locality, for phone numbers. */
  areaCodes: readonly number[];
}

/** Where the demo stores are (Nevada) and where the other organization is (Colorado), plus LA. */
// biome-ignore format: a table reads better packed than one entry per line
export const LOCALITIES: readonly Locality[] = [
  { city: 'Las Vegas', state: 'NV', postalCodes: ['89101', '89102', '89104', '89117', '89123', '89146', '89148'], areaCodes: [702, 725] },
  { city: 'Henderson', state: 'NV', postalCodes: ['89002', '89011', '89012', '89014', '89052', '89074'], areaCodes: [702, 725] },
  { city: 'North Las Vegas', state: 'NV', postalCodes: ['89030', '89031', '89032', '89081', '89084'], areaCodes: [702, 725] },
  { city: 'Reno', state: 'NV', postalCodes: ['89501', '89502', '89503', '89509', '89511', '89523'], areaCodes: [775] },
  { city: 'Sparks', state: 'NV', postalCodes: ['89431', '89434', '89436'], areaCodes: [775] },
  { city: 'Denver', state: 'CO', postalCodes: ['80202', '80203', '80205', '80210', '80220'], areaCodes: [303, 720] },
  { city: 'Los Angeles', state: 'CA', postalCodes: ['90012', '90026', '90028', '90034', '90042'], areaCodes: [213, 310, 323] },
];

// biome-ignore format: a table reads better packed than one entry per line
export const STREETS: readonly string[] = [
  'Fremont St', 'S Rainbow Blvd', 'E Sunset Rd', 'N Virginia St', 'Craig Rd', 'W Charleston Blvd', 'E Flamingo Rd',
  'S Eastern Ave', 'W Sahara Ave', 'Spring Mountain Rd', 'S Maryland Pkwy', 'E Tropicana Ave', 'Kietzke Ln',
  'Plumas St', 'Colfax Ave', 'Broadway', 'Federal Blvd', 'Sunset Blvd', 'Vermont Ave', 'Main St', 'Oak St',
  'Pine St', 'Maple Ave', 'Cedar Ln', 'Desert Inn Rd', 'Paradise Rd', 'Green Valley Pkwy', 'Lake Mead Blvd',
];

export const EMAIL_DOMAINS: readonly string[] = ['example.com', 'example.net', 'example.org'];

// biome-ignore format: a table reads better packed than one entry per line
export const TAGS: readonly string[] = [
  'vip', 'loyalty', 'veteran', 'senior', 'industry', 'first-time', 'newsletter', 'edibles', 'flower', 'concentrates',
];

export const NOTES: readonly string[] = [
  'Prefers pre-rolls; ask about new strains.',
  'Veteran discount verified.',
  'Allergic to coconut oil in some edibles.',
  'Likes text reminders about weekly deals.',
  'Picks up for a caregiver on Fridays.',
];
